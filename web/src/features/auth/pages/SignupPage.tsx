import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";
import { useSignup } from "../api/auth-api";
import { AuthLayout } from "../components/AuthLayout";
import { safeNext } from "../safe-next";
import { signupSchema, type SignupValues } from "../schemas";

export function SignupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // Signing up from an invitation link joins the organization in the same step.
  const invitation = params.get("invitation") ?? undefined;
  const next = safeNext(params.get("next"));
  const signup = useSignup();
  const form = useForm<SignupValues>({
    resolver: zodResolver(signupSchema),
    defaultValues: { name: "", email: params.get("email") ?? "", password: "" },
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) =>
    signup.mutateAsync({ ...values, ...(invitation ? { invitation_token: invitation } : {}) }).then(
      () => navigate(next, { replace: true }),
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["name", "email", "password"]);
      },
    ),
  );

  return (
    <AuthLayout
      title="Create your account"
      subtitle={invitation ? "You will join the organization that invited you." : "Track experiments, register models and ship them."}
      footer={
        <>
          Already have an account?{" "}
          <Link to={`/login${params.get("next") ? `?next=${encodeURIComponent(next)}` : ""}`} className="font-medium text-accent hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field label="Name" error={errors.name?.message}>
          <Input autoComplete="name" autoFocus {...form.register("name")} />
        </Field>
        <Field label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </Field>
        <Field label="Password" error={errors.password?.message} hint="At least 8 characters.">
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </Field>
        {signup.error && !Object.keys(errors).length && <FormError error={signup.error} />}
        <Button type="submit" variant="primary" loading={signup.isPending} className="w-full">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
