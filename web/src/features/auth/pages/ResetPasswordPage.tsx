import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { useResetPassword } from "../api/auth-api";
import { AuthLayout } from "../components/AuthLayout";
import { resetPasswordSchema, type ResetPasswordValues } from "../schemas";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const reset = useResetPassword();
  const form = useForm<ResetPasswordValues>({ resolver: zodResolver(resetPasswordSchema), defaultValues: { password: "", confirm: "" } });
  const { errors } = form.formState;
  const signIn = (
    <Link to="/login" className="font-medium text-accent hover:underline">
      Sign in
    </Link>
  );

  if (!token) {
    return (
      <AuthLayout title="This link is incomplete" footer={signIn}>
        <p className="text-sm text-muted">
          Open the link from the password reset email again, or <Link to="/forgot-password" className="text-accent hover:underline">ask for a new one</Link>.
        </p>
      </AuthLayout>
    );
  }
  if (reset.isSuccess) {
    return (
      <AuthLayout title="Password changed" footer={signIn}>
        <p className="text-sm text-muted">Your password is changed and your other sessions were signed out. Sign in with the new password.</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" footer={signIn}>
      <form onSubmit={form.handleSubmit((v) => reset.mutate({ token, new_password: v.password }))} noValidate className="flex flex-col gap-4">
        <Field label="New password" error={errors.password?.message} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" autoFocus {...form.register("password")} />
        </Field>
        <Field label="Repeat the new password" error={errors.confirm?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
        </Field>
        <FormError error={reset.error} />
        <Button type="submit" variant="primary" loading={reset.isPending} className="w-full">
          Change password
        </Button>
      </form>
    </AuthLayout>
  );
}
