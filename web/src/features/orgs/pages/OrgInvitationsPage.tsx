import { Mail, UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { CopyButton } from "@/components/ui/CopyButton";
import { EmptyState } from "@/components/ui/EmptyState";
import { Notice } from "@/components/ui/Notice";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Invitation } from "@/lib/api/types";
import { useCurrentOrg } from "@/lib/current-org";
import { formatRelative } from "@/lib/format";
import { useInvitations, useResendInvitation, useRevokeInvitation } from "../api/member-queries";
import { InviteDialog } from "../components/InviteDialog";

const statusTone = { pending: "accent", accepted: "success", revoked: "neutral", expired: "warning" } as const;

export function OrgInvitationsPage() {
  const org = useCurrentOrg();
  const invitations = useInvitations(org.slug, org.role === "admin");
  const resend = useResendInvitation(org.slug);
  const revoke = useRevokeInvitation(org.slug);
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  if (org.role !== "admin") {
    return <EmptyState title="Admins only" description="Ask an admin of the organization to see or send invitations." />;
  }
  const inviteButton = (
    <Button variant="primary" onClick={() => setInviting(true)}>
      <UserPlus className="size-4" aria-hidden="true" /> Invite member
    </Button>
  );

  return (
    <>
      <Card>
        <CardHeader title="Invitations" description="Pending invitations can be sent again (with a new link) or revoked." actions={inviteButton} />
        {invitations.data?.some((i) => i.accept_url) && (
          <div className="px-5 pt-4">
            <Notice>This server sends no email (no SMTP server is configured): copy a pending invitation's link and send it yourself.</Notice>
          </div>
        )}
        <QueryBoundary
          query={invitations}
          loading={<TableSkeleton rows={3} />}
          empty={<EmptyState icon={<Mail className="size-8" />} title="No invitations yet" description="Invite your team by email; they join with the role you choose." />}
        >
          {(data) => (
            <Table label="Invitations">
              <thead>
                <tr>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Status</Th>
                  <Th className="hidden md:table-cell">Expires</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {data.map((inv) => {
                  const open = inv.status === "pending" || inv.status === "expired";
                  return (
                    <Tr key={inv.id}>
                      <Td className="font-medium">{inv.email}</Td>
                      <Td className="capitalize">{inv.role}</Td>
                      <Td>
                        <Badge tone={statusTone[inv.status]}>{inv.status}</Badge>
                      </Td>
                      <Td className="hidden text-muted md:table-cell">{inv.status === "pending" ? formatRelative(inv.expires_at) : "—"}</Td>
                      <Td className="text-right whitespace-nowrap">
                        {inv.accept_url && <CopyButton value={inv.accept_url} label="Copy link" />}
                        {open && (
                          <Button
                            size="sm"
                            variant="ghost"
                            loading={resend.isPending && resend.variables === inv.id}
                            onClick={() =>
                              resend.mutate(inv.id, {
                                onSuccess: (sent) =>
                                  toast.success(
                                    sent.email_sent ? `Invitation sent again to ${inv.email}` : `New link for ${inv.email}: the old one no longer works`,
                                  ),
                              })
                            }
                          >
                            Resend
                          </Button>
                        )}
                        {inv.status === "pending" && (
                          <Button size="sm" variant="ghost" onClick={() => setRevoking(inv)}>
                            Revoke
                          </Button>
                        )}
                      </Td>
                    </Tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </QueryBoundary>
      </Card>
      <InviteDialog org={org.slug} open={inviting} onOpenChange={setInviting} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke the invitation to ${revoking?.email ?? ""}?`}
        description="The link in their email stops working. You can invite them again later."
        confirmLabel="Revoke"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </>
  );
}
