import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { signOut } from "@/lib/auth/refresh";
import { useSession } from "@/lib/auth/use-session";
import { LoginForm } from "./LoginForm";

/**
 * Shown over the page when the session ended (expired or revoked elsewhere). The page below stays
 * mounted, so whatever the user was typing is still there, and the requests that failed wait for
 * this sign-in and then go through (see authorized-fetch.ts).
 */
export function ReauthDialog() {
  const session = useSession();
  const email = session.user?.email ?? "";
  const previousUserId = session.user?.id;
  return (
    <Dialog
      open={session.status === "expired"}
      onOpenChange={() => undefined}
      dismissable={false}
      title="Your session has ended"
      description="Sign in again to carry on where you were. Nothing you typed is lost."
    >
      <LoginForm
        defaultEmail={email}
        submitLabel="Sign in again"
        onSignedIn={(pair) => {
          // Someone else signed in on this screen: the page shows the previous user's data.
          if (pair.user.id !== previousUserId) window.location.assign("/");
        }}
      />
      <div className="mt-3 text-center">
        <Button variant="ghost" size="sm" onClick={() => void signOut()}>
          Sign out instead
        </Button>
      </div>
    </Dialog>
  );
}
