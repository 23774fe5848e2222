import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(500, "Use at most 500 characters."),
  description: z.string().max(5000, "Use at most 5,000 characters."),
});
export type ExperimentDetails = z.infer<typeof schema>;

interface ExperimentDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  submitLabel: string;
  initial: ExperimentDetails;
  /** Resolves when saved; a rejection naming a field is shown beside it. */
  onSubmit: (values: ExperimentDetails) => Promise<unknown>;
  pending: boolean;
  error: unknown;
}

/** Create an experiment, or rename and describe one: the same two fields. */
export function ExperimentDialog({ open, onOpenChange, title, submitLabel, initial, onSubmit, pending, error }: ExperimentDialogProps) {
  const form = useForm<ExperimentDetails>({ resolver: zodResolver(schema), values: initial });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    onSubmit(v).then(
      () => onOpenChange(false),
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["name", "description"]);
      },
    ),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field label="Name" error={errors.name?.message}>
          <Input autoFocus {...form.register("name")} />
        </Field>
        <Field label="Description (optional)" error={errors.description?.message}>
          <Textarea rows={3} {...form.register("description")} />
        </Field>
        <FormError error={error && !Object.keys(errors).length ? error : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
