import { useMutation } from "@tanstack/react-query";
import { MailWarning } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { api, unwrap } from "@/lib/api/client";
import { errorMessage } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/use-session";
import { errorShownInline } from "@/lib/query-client";

/** Reminds a user whose address is not verified yet, with a way to get the email again. */
export function VerifyEmailBanner() {
  const { user } = useSession();
  const resend = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/request")), meta: errorShownInline });
  if (!user || user.email_verified) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border bg-warning/10 px-4 py-2 text-sm" role="status">
      <MailWarning className="size-4 text-warning" aria-hidden="true" />
      <span className="flex-1">
        {resend.isSuccess
          ? `We sent a verification link to ${user.email}.`
          : resend.isError
            ? errorMessage(resend.error)
            : `${user.email} is not verified yet.`}
      </span>
      {!resend.isSuccess && (
        <Button size="sm" variant="ghost" loading={resend.isPending} onClick={() => resend.mutate()}>
          Send a verification link
        </Button>
      )}
    </div>
  );
}
