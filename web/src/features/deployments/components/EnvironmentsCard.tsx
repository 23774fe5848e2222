import { Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { useCreateEnvironment, useDeleteEnvironment, useUpdateEnvironment, type Environment, type EnvironmentTier, type ProjectRef } from "../api/deployment-queries";

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const NAME_RULE = "Use lowercase letters, digits and - (1 to 63, not at the ends).";

function RenameForm({ env, projectRef, onDone }: { env: Environment; projectRef: ProjectRef; onDone: () => void }) {
  const [name, setName] = useState(env.name);
  const [problem, setProblem] = useState<string | null>(null);
  const update = useUpdateEnvironment(projectRef);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!NAME.test(name)) return setProblem(NAME_RULE);
        setProblem(null);
        update.mutate({ environment: env.name, name }, { onSuccess: onDone });
      }}
    >
      <Input aria-label={`New name for ${env.name}`} className="w-48" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <Button type="submit" size="sm" loading={update.isPending}>
        Rename
      </Button>
      <Button size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
      {problem && (
        <p role="alert" className="w-full text-xs text-danger">
          {problem}
        </p>
      )}
      <FormError error={update.error} />
    </form>
  );
}

/** The environments of the project: each has a tier that decides who may deploy there; admins add, rename and delete them. */
export function EnvironmentsCard({ environments, projectRef, canManage }: { environments: Environment[]; projectRef: ProjectRef; canManage: boolean }) {
  const create = useCreateEnvironment(projectRef);
  const remove = useDeleteEnvironment(projectRef);
  const [name, setName] = useState("");
  const [tier, setTier] = useState<EnvironmentTier>("staging");
  const [problem, setProblem] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Environment | null>(null);

  return (
    <Card>
      <CardHeader title="Environments" description="A deployment lives in one environment; its tier decides who may deploy there (production follows the promotion rule)." />
      <ul className="flex flex-col divide-y divide-border" aria-label="Environments">
        {environments.map((env) => (
          <li key={env.name} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
            {renaming === env.name ? (
              <RenameForm env={env} projectRef={projectRef} onDone={() => setRenaming(null)} />
            ) : (
              <>
                <span className="font-medium">{env.name}</span>
                <Badge tone={env.tier === "production" ? "warning" : "neutral"}>{env.tier}</Badge>
                <span className="text-muted">
                  {env.deployment_count} deployment{env.deployment_count === 1 ? "" : "s"}
                </span>
                {canManage && (
                  <span className="ml-auto flex gap-1">
                    <Button size="sm" variant="ghost" onClick={() => setRenaming(env.name)}>
                      Rename<span className="sr-only"> {env.name}</span>
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={`Delete ${env.name}`} disabled={env.deployment_count > 0} title={env.deployment_count > 0 ? "Delete its deployments first" : undefined} onClick={() => setDeleting(env)}>
                      <Trash2 className="size-3.5" aria-hidden="true" />
                    </Button>
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form
          className="flex flex-wrap items-start gap-2 border-t border-border p-5"
          onSubmit={(e) => {
            e.preventDefault();
            if (!NAME.test(name)) return setProblem(NAME_RULE);
            setProblem(null);
            create.mutate(
              { name, tier },
              {
                onSuccess: (env) => {
                  toast.success(`Added ${env.name}`);
                  setName("");
                },
              },
            );
          }}
        >
          <Input aria-label="Environment name" placeholder="canary" className="w-48" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? true : undefined} />
          <Select aria-label="Tier" className="w-40" value={tier} onChange={(e) => setTier(e.target.value as EnvironmentTier)}>
            <option value="development">development</option>
            <option value="staging">staging</option>
            <option value="production">production</option>
          </Select>
          <Button type="submit" loading={create.isPending}>
            Add environment
          </Button>
          {problem && (
            <p role="alert" className="w-full text-xs text-danger">
              {problem}
            </p>
          )}
          <div className="w-full">
            <FormError error={create.error} />
          </div>
        </form>
      )}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setDeleting(null);
              remove.reset();
            }
          }}
          title={`Delete ${deleting.name}?`}
          description="Only an environment without deployments can be deleted."
          confirmLabel="Delete"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting.name, { onSuccess: () => setDeleting(null) })}
        />
      )}
    </Card>
  );
}
