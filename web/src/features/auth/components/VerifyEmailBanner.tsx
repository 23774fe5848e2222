import { useMutation } from "@tanstack/react-query";
import { MailWarning, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { api, unwrap } from "@/lib/api/client";
import { errorMessage } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/use-session";
import { errorShownInline } from "@/lib/query-client";
import { dismissVerifyNotice, isVerifyNoticeDismissed } from "../verify-notice";

/**
 * Reminds a user whose address is not verified yet, with a way to get the email again. The server
 * does not tell whether it can send email, so the notice says that a server without SMTP cannot,
 * and can be dismissed for good (per user, in this browser).
 */
export function VerifyEmailBanner() {
  const { user } = useSession();
  const resend = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/request")), meta: errorShownInline });
  // The id it was dismissed for: another user signing in on this page gets their own notice.
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  if (!user || user.email_verified || dismissedFor === user.id || isVerifyNoticeDismissed(user.id)) return null;
  const dismiss = () => {
    dismissVerifyNotice(user.id);
    setDismissedFor(user.id);
  };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border bg-warning/10 px-4 py-2 text-sm" role="status">
      <MailWarning className="size-4 shrink-0 text-warning" aria-hidden="true" />
      <span className="min-w-0 flex-[1_1_16rem] wrap-anywhere">
        {resend.isSuccess
          ? `We sent a verification link to ${user.email}.`
          : resend.isError
            ? errorMessage(resend.error)
            : `${user.email} is not verified yet.`}{" "}
        If no link arrives, this server may have no email (SMTP) configured: ask its administrator, or dismiss this notice.
      </span>
      {!resend.isSuccess && (
        <Button size="sm" variant="ghost" loading={resend.isPending} onClick={() => resend.mutate()}>
          Send a verification link
        </Button>
      )}
      <Button size="sm" variant="ghost" aria-label="Dismiss" title="Do not show this again" onClick={dismiss}>
        <X className="size-3.5" />
      </Button>
    </div>
  );
}
