import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { CursorPagination } from "@/components/ui/Pagination";
import type { ApiKey } from "@/lib/api/types";
import { useCurrentOrg } from "@/lib/current-org";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useApiKeys, useProjectChoices, useRevokeApiKey } from "../api/api-key-queries";
import { ApiKeysTable } from "../components/ApiKeysTable";
import { CreateKeyDialog } from "../components/CreateKeyDialog";
import { RotateKeyDialog } from "../components/RotateKeyDialog";
import { UsageDialog } from "../components/UsageDialog";

export function ApiKeysPage() {
  const org = useCurrentOrg();
  const pages = useCursorPages(org.slug);
  const keys = useApiKeys(org.slug, pages.cursor);
  const projects = useProjectChoices(org.slug);
  const revoke = useRevokeApiKey(org.slug);
  const [creating, setCreating] = useState(false);
  const [usageOf, setUsageOf] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden="true" /> Create API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description={org.role === "admin" ? "Every key of the organization. Secrets are shown once, at creation or rotation." : "Your keys in this organization. Secrets are shown once, at creation or rotation."}
        actions={createButton}
      />
      <Card>
        <QueryBoundary
          query={keys}
          empty={
            <EmptyState
              icon={<KeyRound className="size-8" />}
              title="No API keys yet"
              description="Create a key for the MLflow client, CI jobs or scripts: set it as MLFLOW_TRACKING_TOKEN or send it as a bearer token."
              action={createButton}
            />
          }
        >
          {(data) => (
            <>
              <ApiKeysTable keys={data.items} projects={projects.data} onUsage={setUsageOf} onRotate={setRotating} onRevoke={setRevoking} />
              <CursorPagination
                page={pages.page}
                hasPrevious={pages.hasPrevious}
                hasNext={!!data.next_cursor}
                onPrevious={pages.previous}
                onNext={() => pages.next(data.next_cursor)}
              />
            </>
          )}
        </QueryBoundary>
      </Card>
      <CreateKeyDialog org={org.slug} open={creating} onOpenChange={setCreating} />
      <UsageDialog org={org.slug} apiKey={usageOf} onClose={() => setUsageOf(null)} />
      <RotateKeyDialog org={org.slug} apiKey={rotating} onClose={() => setRotating(null)} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Everything using this key starts getting 401 at once. This cannot be undone."
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </>
  );
}
