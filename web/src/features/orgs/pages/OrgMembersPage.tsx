import { UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { CursorPagination } from "@/components/ui/Pagination";
import { RoleSelect } from "@/components/ui/RoleSelect";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Member } from "@/lib/api/types";
import { useSession } from "@/lib/auth/use-session";
import { useCurrentOrg } from "@/lib/current-org";
import { formatDate } from "@/lib/format";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useChangeMemberRole, useMembers, useRemoveMember } from "../api/member-queries";
import { InviteDialog } from "../components/InviteDialog";

export function OrgMembersPage() {
  const org = useCurrentOrg();
  const { user } = useSession();
  const pages = useCursorPages(org.slug);
  const members = useMembers(org.slug, pages.cursor);
  const changeRole = useChangeMemberRole(org.slug);
  const remove = useRemoveMember(org.slug);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const isAdmin = org.role === "admin";

  return (
    <>
      <Card>
        <CardHeader
          title="Members"
          description="Roles apply to every project of the organization, unless a project narrows them."
          actions={
            isAdmin && (
              <Button variant="primary" onClick={() => setInviting(true)}>
                <UserPlus className="size-4" aria-hidden="true" /> Invite member
              </Button>
            )
          }
        />
        <QueryBoundary
          query={members}
        >
          {(data) => (
            <>
              <Table label="Members">
                <thead>
                  <tr>
                    <Th>Member</Th>
                    <Th>Role</Th>
                    <Th className="hidden sm:table-cell">Joined</Th>
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((m) => {
                    const isMe = m.user_id === user?.id;
                    return (
                      <Tr key={m.user_id}>
                        <Td>
                          <div className="font-medium">
                            {m.name} {isMe && <Badge>you</Badge>}
                          </div>
                          <div className="text-xs text-muted">{m.email}</div>
                        </Td>
                        <Td>
                          {isAdmin ? (
                            <RoleSelect
                              aria-label={`Role of ${m.name}`}
                              value={m.role}
                              disabled={changeRole.isPending}
                              onChange={(role) =>
                                changeRole.mutate(
                                  { userId: m.user_id, role },
                                  { onSuccess: () => toast.success(`${m.name} is now ${role}`) },
                                )
                              }
                            />
                          ) : (
                            <span className="capitalize">{m.role}</span>
                          )}
                        </Td>
                        <Td className="hidden text-muted sm:table-cell">{formatDate(m.joined_at)}</Td>
                        <Td className="text-right">
                          {(isAdmin || isMe) && (
                            <Button size="sm" variant="ghost" onClick={() => setRemoving(m)}>
                              {isMe ? "Leave" : "Remove"}
                            </Button>
                          )}
                        </Td>
                      </Tr>
                    );
                  })}
                </tbody>
              </Table>
              <CursorPagination
                page={pages.page}
                hasPrevious={pages.hasPrevious}
                hasNext={!!data.next_cursor}
                onPrevious={pages.previous}
                onNext={() => pages.next(data.next_cursor)}
              />
            </>
          )}
        </QueryBoundary>
      </Card>
      <InviteDialog org={org.slug} open={inviting} onOpenChange={setInviting} />
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={removing?.user_id === user?.id ? `Leave ${org.name}?` : `Remove ${removing?.name ?? ""}?`}
        description="They lose access to the organization and its projects; their API keys stop working here."
        confirmLabel={removing?.user_id === user?.id ? "Leave" : "Remove"}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.user_id, {
            onSuccess: () => {
              const left = removing.user_id === user?.id;
              setRemoving(null);
              if (left) window.location.assign("/");
            },
          })
        }
      />
    </>
  );
}
