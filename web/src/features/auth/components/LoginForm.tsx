import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";
import type { TokenPair } from "@/lib/api/types";
import { useLogin } from "../api/auth-api";
import { loginSchema, type LoginValues } from "../schemas";

interface LoginFormProps {
  onSignedIn: (pair: TokenPair) => void;
  defaultEmail?: string;
  submitLabel?: string;
}

/** Email and password; used by the sign-in page and the sign-in-again dialog. */
export function LoginForm({ onSignedIn, defaultEmail = "", submitLabel = "Sign in" }: LoginFormProps) {
  const login = useLogin();
  const form = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { email: defaultEmail, password: "" } });
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) =>
    login.mutateAsync(values).then(onSignedIn, (e: unknown) => {
      applyServerFieldError(e, form.setError, ["email", "password"]);
    }),
  );

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" autoFocus={!defaultEmail} {...form.register("email")} />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" autoFocus={!!defaultEmail} {...form.register("password")} />
      </Field>
      {login.error && !(errors.email || errors.password) && <FormError error={login.error} />}
      <Button type="submit" variant="primary" loading={login.isPending} className="w-full">
        {submitLabel}
      </Button>
    </form>
  );
}
