import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { useChangePassword } from "../api/account-queries";

const schema = z
  .object({
    current: z.string().min(1, "Enter your current password."),
    next: z.string().min(8, "Use at least 8 characters.").max(128, "Use at most 128 characters."),
    confirm: z.string(),
  })
  .refine((v) => v.next === v.confirm, { message: "The passwords do not match.", path: ["confirm"] });
type Values = z.infer<typeof schema>;

export function PasswordCard() {
  const change = useChangePassword();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { current: "", next: "", confirm: "" } });
  const { errors } = form.formState;
  // A wrong current password comes back as the server's error, shown above the button.
  const submit = form.handleSubmit((v) =>
    change.mutate(
      { current_password: v.current, new_password: v.next },
      {
        onSuccess: () => {
          form.reset();
          toast.success("Password changed; your other sessions were signed out");
        },
      },
    ),
  );
  return (
    <Card>
      <CardHeader title="Password" description="Changing it signs out your other sessions; this one stays signed in." />
      <form onSubmit={submit} noValidate className="flex max-w-xl flex-col gap-4 p-5">
        <Field label="Current password" error={errors.current?.message}>
          <Input type="password" autoComplete="current-password" {...form.register("current")} />
        </Field>
        <Field label="New password" error={errors.next?.message} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" {...form.register("next")} />
        </Field>
        <Field label="Repeat the new password" error={errors.confirm?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
        </Field>
        <FormError error={change.error && !Object.keys(errors).length ? change.error : null} />
        <div>
          <Button type="submit" variant="primary" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
