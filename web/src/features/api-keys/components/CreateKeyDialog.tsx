import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { SCOPES } from "@/lib/api/types";
import { applyServerFieldError } from "@/lib/forms";
import { useCreateApiKey, useProjectChoices } from "../api/api-key-queries";
import { EXPIRY_CHOICES, createKeySchema, expiresAt, type CreateKeyValues } from "../schemas";
import { SecretReveal } from "./SecretReveal";

const scopeHelp: Record<string, string> = {
  read: "read runs, models and projects",
  write: "log runs, register models",
  deploy: "create, change, roll back, stop and delete deployments",
  predict: "call deployments (MLflow invocations and /v2 inference)",
  monitor: "send monitoring records and ground-truth labels (nothing else)",
  admin: "manage the organization",
};

interface CreateKeyDialogProps {
  org: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function CreateKeyDialog({ org, open, onOpenChange }: CreateKeyDialogProps) {
  const create = useCreateApiKey(org);
  const projects = useProjectChoices(org);
  const form = useForm<CreateKeyValues>({
    resolver: zodResolver(createKeySchema),
    defaultValues: { name: "", scopes: ["read", "write"], projectId: "", expiry: "90", expiryDate: "" },
  });
  const { errors } = form.formState;
  const expiry = useWatch({ control: form.control, name: "expiry" });

  const close = (o: boolean) => {
    if (!o) {
      form.reset();
      create.reset();
    }
    onOpenChange(o);
  };
  const submit = form.handleSubmit((v) =>
    create
      .mutateAsync({ name: v.name, scopes: v.scopes, project_id: v.projectId || null, expires_at: expiresAt(v) })
      .catch((e: unknown) => {
        applyServerFieldError(e, form.setError, ["name", "scopes"]);
      }),
  );

  if (create.data) {
    return (
      <Dialog open={open} onOpenChange={close} title={`Key ${create.data.name} created`}>
        <SecretReveal secret={create.data.secret} />
        <div className="mt-4 flex justify-end">
          <Button variant="primary" onClick={() => close(false)}>
            Done
          </Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onOpenChange={close} title="Create an API key" description="For scripts, CI and the MLflow client. Its power is your role AND its scopes.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field label="Name" error={errors.name?.message}>
          <Input autoFocus placeholder="ci-pipeline" {...form.register("name")} />
        </Field>
        <fieldset aria-describedby={errors.scopes ? "scopes-error" : undefined}>
          <legend className="mb-1.5 text-sm font-medium">Scopes</legend>
          <div className="grid gap-1.5 sm:grid-cols-2">
            {SCOPES.map((s) => (
              <label key={s} className="flex items-start gap-2 text-sm">
                <input type="checkbox" value={s} className="mt-0.5 accent-[var(--accent)]" {...form.register("scopes")} />
                <span>
                  <span className="font-medium">{s}</span> <span className="text-muted">— {scopeHelp[s]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.scopes && (
            <p id="scopes-error" role="alert" className="mt-1 text-xs text-danger">
              {errors.scopes.message}
            </p>
          )}
        </fieldset>
        <Field label="Project" hint="A key limited to one project sees nothing else; MLflow runs land in it.">
          <Select {...form.register("projectId")} disabled={projects.isPending}>
            <option value="">All projects of the organization</option>
            {(projects.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Expires">
            <Select {...form.register("expiry")}>
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          {expiry === "custom" && (
            <Field label="Expiry date" error={errors.expiryDate?.message}>
              <Input type="date" {...form.register("expiryDate")} />
            </Field>
          )}
        </div>
        <FormError error={create.error && !Object.keys(errors).length ? create.error : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={create.isPending}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
