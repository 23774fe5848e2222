import { useNavigate, useSearchParams } from "react-router";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Button } from "@/components/ui/Button";
import { FormError } from "@/components/ui/FormError";
import { Spinner } from "@/components/ui/Spinner";
import { useSession } from "@/lib/auth/use-session";
import { useAcceptInvitation } from "../api/invitation-api";
import { AuthLayout } from "../components/AuthLayout";

export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const session = useSession();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const here = `/accept-invitation?token=${encodeURIComponent(token)}`;

  if (!token) {
    return (
      <AuthLayout title="This invitation link is incomplete">
        <p className="text-sm text-muted">Open the link from the invitation email again.</p>
      </AuthLayout>
    );
  }
  if (session.status === "loading") {
    return (
      <AuthLayout title="You are invited">
        <Spinner />
      </AuthLayout>
    );
  }
  if (session.status !== "signed-in") {
    return (
      <AuthLayout title="You are invited to an organization on Cairn" subtitle="Create an account, or sign in with the address the invitation was sent to.">
        <div className="flex flex-col gap-2">
          <ButtonLink variant="primary" to={`/signup?invitation=${encodeURIComponent(token)}&next=/`}>
            Create an account
          </ButtonLink>
          <ButtonLink to={`/login?next=${encodeURIComponent(here)}`}>
            I already have an account
          </ButtonLink>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Join the organization" subtitle={`Signed in as ${session.user?.email ?? ""}.`}>
      <div className="flex flex-col gap-4">
        <FormError error={accept.error} />
        <Button
          variant="primary"
          loading={accept.isPending}
          onClick={() => accept.mutate(token, { onSuccess: (org) => navigate(`/o/${org.slug}`, { replace: true }) })}
        >
          Accept invitation
        </Button>
      </div>
    </AuthLayout>
  );
}
