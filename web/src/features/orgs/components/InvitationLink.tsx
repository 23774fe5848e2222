import { CopyButton } from "@/components/ui/CopyButton";
import { Notice } from "@/components/ui/Notice";

/**
 * The link of an invitation this server could not email (no SMTP server configured): the admin
 * copies it and sends it to the invitee. It carries a one-time token, so it is shown only to admins.
 */
export function InvitationLink({ email, url }: { email: string; url: string }) {
  return (
    <div className="flex flex-col gap-3">
      <Notice>
        Email is not configured on this server (no SMTP server), so no email was sent. Send this link to {email} yourself; it lets
        them join once and expires in 7 days. Admins can copy it again from the invitations list.
      </Notice>
      <div className="flex items-center gap-2 rounded-md border border-border bg-subtle p-2">
        <code className="min-w-0 flex-1 font-mono text-xs break-all" aria-label="Invitation link">
          {url}
        </code>
        <CopyButton value={url} label="Copy link" />
      </div>
    </div>
  );
}
