import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { useRequestPasswordReset } from "../api/auth-api";
import { AuthLayout } from "../components/AuthLayout";
import { forgotPasswordSchema, type ForgotPasswordValues } from "../schemas";

export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const form = useForm<ForgotPasswordValues>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });
  const back = (
    <Link to="/login" className="font-medium text-accent hover:underline">
      Back to sign in
    </Link>
  );

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your email" footer={back}>
        {/* The server answers the same whether or not the account exists, and so do we. */}
        <p className="text-sm text-muted">
          If an account exists for <strong className="text-fg">{form.getValues("email")}</strong>, we sent it a link to
          choose a new password. The link works for a limited time.
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Reset your password" subtitle="We will email you a link to choose a new one." footer={back}>
      <form onSubmit={form.handleSubmit((v) => request.mutate(v))} noValidate className="flex flex-col gap-4">
        <Field label="Email" error={form.formState.errors.email?.message}>
          <Input type="email" autoComplete="email" autoFocus {...form.register("email")} />
        </Field>
        <FormError error={request.error} />
        <Button type="submit" variant="primary" loading={request.isPending} className="w-full">
          Send reset link
        </Button>
      </form>
    </AuthLayout>
  );
}
