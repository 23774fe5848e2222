import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { z } from "zod";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";
import { useCreateModel } from "../api/model-queries";

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(256, "Use at most 256 characters."),
  description: z.string().max(5000, "Use at most 5,000 characters."),
});
type Values = z.infer<typeof schema>;

interface RegisterModelDialogProps {
  org: string;
  project: string;
  base: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}

/** Registers a model name; versions are added on its page (upload) or from runs. */
export function RegisterModelDialog({ org, project, base, open, onOpenChange }: RegisterModelDialogProps) {
  const create = useCreateModel(org, project);
  const navigate = useNavigate();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: "", description: "" } });
  const { errors } = form.formState;
  const close = (o: boolean) => {
    if (!o) {
      form.reset();
      create.reset();
    }
    onOpenChange(o);
  };
  const submit = form.handleSubmit((v) =>
    create.mutateAsync(v).then(
      (m) => navigate(`${base}/${encodeURIComponent(m.name)}`),
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["name", "description"]);
      },
    ),
  );
  return (
    <Dialog open={open} onOpenChange={close} title="Register a model" description="A name for the versions of one model; add versions next.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field label="Name" error={errors.name?.message}>
          <Input autoFocus placeholder="churn-classifier" {...form.register("name")} />
        </Field>
        <Field label="Description (optional)" error={errors.description?.message}>
          <Textarea rows={3} {...form.register("description")} />
        </Field>
        <FormError error={create.error && !Object.keys(errors).length ? create.error : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={create.isPending}>
            Register model
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
