import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { FormError } from "@/components/ui/FormError";
import { Spinner } from "@/components/ui/Spinner";
import { useVerifyEmail } from "../api/auth-api";
import { AuthLayout } from "../components/AuthLayout";

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const verify = useVerifyEmail();
  const { mutate } = verify;
  // The token works once: never send it twice (React runs effects twice in development).
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      mutate(token);
    }
  }, [token, mutate]);

  return (
    <AuthLayout
      title="Email verification"
      footer={
        <Link to="/" className="font-medium text-accent hover:underline">
          Continue to Cairn
        </Link>
      }
    >
      {!token && <p className="text-sm text-muted">This link has no token. Open the link from the email again.</p>}
      {verify.isPending && (
        <p className="flex items-center gap-2 text-sm text-muted" role="status">
          <Spinner /> Verifying…
        </p>
      )}
      {verify.isSuccess && <p className="text-sm">Thanks, {verify.data.email} is verified.</p>}
      <FormError error={verify.error} />
    </AuthLayout>
  );
}
