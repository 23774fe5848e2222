import { Link, useNavigate, useSearchParams } from "react-router";
import { AuthLayout } from "../components/AuthLayout";
import { LoginForm } from "../components/LoginForm";
import { safeNext } from "../safe-next";

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const signupHref = params.get("next") ? `/signup?next=${encodeURIComponent(next)}` : "/signup";
  return (
    <AuthLayout
      title="Sign in to Cairn"
      footer={
        <>
          New to Cairn?{" "}
          <Link to={signupHref} className="font-medium text-accent hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <LoginForm onSignedIn={() => navigate(next, { replace: true })} />
      <p className="mt-4 text-center text-sm">
        <Link to="/forgot-password" className="text-muted hover:text-fg hover:underline">
          Forgot your password?
        </Link>
      </p>
    </AuthLayout>
  );
}
