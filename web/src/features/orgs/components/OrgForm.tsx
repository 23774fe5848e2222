import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";
import { slugify } from "@/lib/slug";
import { orgSchema, type OrgValues } from "../schemas";

interface OrgFormProps {
  defaultValues?: OrgValues;
  submitLabel: string;
  onSubmit: (values: OrgValues) => Promise<unknown>;
  error: unknown;
  pending: boolean;
  /** Derive the slug from the name until the user edits it (creation only). */
  autoSlug?: boolean;
}

/** Name and URL slug of an organization, for its creation and its settings. */
export function OrgForm({ defaultValues = { name: "", slug: "" }, submitLabel, onSubmit, error, pending, autoSlug = false }: OrgFormProps) {
  const form = useForm<OrgValues>({ resolver: zodResolver(orgSchema), defaultValues });
  const { errors, dirtyFields } = form.formState;
  const nameField = form.register("name", {
    onChange: (e: { target: { value: string } }) => {
      if (autoSlug && !dirtyFields.slug) form.setValue("slug", slugify(e.target.value));
    },
  });
  const submit = form.handleSubmit((values) =>
    onSubmit(values).catch((e: unknown) => {
      applyServerFieldError(e, form.setError, ["name", "slug"]);
    }),
  );
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field label="Name" error={errors.name?.message}>
        <Input autoFocus={autoSlug} {...nameField} />
      </Field>
      <Field label="URL slug" error={errors.slug?.message} hint="Appears in links and in the MLflow tracking URI.">
        <Input className="font-mono" spellCheck={false} {...form.register("slug")} />
      </Field>
      {!!error && !(errors.name || errors.slug) && <FormError error={error} />}
      <div>
        <Button type="submit" variant="primary" loading={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
