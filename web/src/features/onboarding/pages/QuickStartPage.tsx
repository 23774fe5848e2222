import { KeyRound } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { EmptyState } from "@/components/ui/EmptyState";
import { FormError } from "@/components/ui/FormError";
import { PageHeader } from "@/components/ui/PageHeader";
import { useCurrentOrg } from "@/lib/current-org";
import { useCreateSnippetKey, useProjectChoices } from "../api/onboarding-queries";
import { quickStartSnippets, type QuickStartSnippets } from "../quick-start-snippets";

const TITLES: Record<keyof QuickStartSnippets, string> = {
  mlflow: "Log a run with the mlflow client",
  sdk: "The Python SDK",
  curl: "The API with curl",
};

/** Copy-paste snippets for this server and a project, with a key made on the spot. */
export function QuickStartPage() {
  const org = useCurrentOrg();
  const [params, setParams] = useSearchParams();
  const projects = useProjectChoices(org.slug);
  const createKey = useCreateSnippetKey(org.slug);
  const [secret, setSecret] = useState<string | null>(null);
  const items = projects.data?.items ?? [];
  const project = items.find((p) => p.slug === params.get("project")) ?? items[0];

  if (projects.isSuccess && !project)
    return (
      <>
        <PageHeader title="Quick start" />
        <EmptyState title="No project yet" description="Runs, models and deployments live in a project: create one first." link={{ to: `/o/${org.slug}/projects/new`, label: "New project" }} />
      </>
    );
  if (!project) return <PageHeader title="Quick start" />;
  const snippets = quickStartSnippets(window.location.origin, org.slug, project.slug, secret);
  const makeKey = () => createKey.mutate(project.id, { onSuccess: (key) => setSecret(key.secret) });

  return (
    <>
      <PageHeader title="Quick start" description="Snippets for this server, filled with your project's path. Copy, paste, run." />
      <div className="mb-6 flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          Project
          <select
            className="rounded-md border border-border bg-surface px-3 py-2 text-sm"
            value={project.slug}
            onChange={(e) => setParams({ project: e.target.value }, { replace: true })}
          >
            {items.map((p) => (
              <option key={p.id} value={p.slug}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {secret ? (
          <p className="text-sm text-muted" role="status">
            A key for {project.name} (read, write) is in the snippets. It is shown only now: copy what you need.
          </p>
        ) : (
          <Button variant="primary" onClick={makeKey} disabled={createKey.isPending || org.role === "viewer"}>
            <KeyRound className="size-4" aria-hidden="true" /> Create a key for these snippets
          </Button>
        )}
      </div>
      {createKey.error && <FormError error={createKey.error} />}
      <div className="flex flex-col gap-6">
        {(Object.keys(TITLES) as Array<keyof QuickStartSnippets>).map((kind) => (
          <Card key={kind}>
            <CardHeader title={TITLES[kind]} actions={<CopyButton value={snippets[kind]} label={`Copy the ${kind} snippet`} />} />
            <pre aria-label={`${kind} snippet`} tabIndex={0} className="overflow-x-auto p-4 font-mono text-xs leading-relaxed">
              {snippets[kind]}
            </pre>
          </Card>
        ))}
      </div>
    </>
  );
}
