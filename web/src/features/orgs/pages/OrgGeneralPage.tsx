import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Select } from "@/components/ui/Input";
import { useCurrentOrg } from "@/lib/current-org";
import { errorShownInline } from "@/lib/query-client";
import { useDeleteOrg, useUpdateOrg } from "../api/org-queries";
import { OrgForm } from "../components/OrgForm";

export function OrgGeneralPage() {
  const org = useCurrentOrg();
  const navigate = useNavigate();
  const update = useUpdateOrg(org.slug, errorShownInline);
  const updateRule = useUpdateOrg(org.slug);
  const remove = useDeleteOrg(org.slug);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const isAdmin = org.role === "admin";

  if (!isAdmin) {
    return (
      <Card>
        <CardHeader title="Organization" description="Only admins can change the organization's settings." />
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 p-5 text-sm">
          <dt className="text-muted">Name</dt>
          <dd>{org.name}</dd>
          <dt className="text-muted">Slug</dt>
          <dd className="font-mono">{org.slug}</dd>
        </dl>
      </Card>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader title="Organization" description="Changing the slug changes every link and MLflow tracking URI that names it." />
        <div className="max-w-xl p-5">
          <OrgForm
            key={org.updated_at}
            defaultValues={{ name: org.name, slug: org.slug }}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onSubmit={(values) =>
              update.mutateAsync(values).then((updated) => {
                toast.success("Organization saved");
                if (updated.slug !== org.slug) navigate(`/o/${updated.slug}/settings`, { replace: true });
              })
            }
          />
        </div>
      </Card>
      <Card>
        <CardHeader title="Model promotion" description="Who may promote a model version to production." />
        <div className="max-w-xl p-5">
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Production promotion
            <Select
              value={org.settings.production_promotion}
              disabled={update.isPending || updateRule.isPending}
              onChange={(e) =>
                updateRule.mutate(
                  { settings: { production_promotion: e.target.value as "admins" | "developers" } },
                  { onSuccess: () => toast.success("Promotion rule saved") },
                )
              }
            >
              <option value="admins">Admins only</option>
              <option value="developers">Developers and admins</option>
            </Select>
          </label>
        </div>
      </Card>
      <Card className="border-danger/40">
        <CardHeader
          title="Delete this organization"
          description="Deletes its projects, runs, models, members and API keys. This cannot be undone."
          actions={
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete organization
            </Button>
          }
        />
      </Card>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${org.name}?`}
        description="Everyone loses access and every API key of the organization stops working."
        typedConfirmation={org.name}
        confirmLabel="Delete organization"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(org.name, {
            onSuccess: () => {
              toast.success(`${org.name} deleted`);
              navigate("/", { replace: true });
            },
          })
        }
      />
    </div>
  );
}
