import { useState } from "react";
import { Users } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { RoleSelect } from "@/components/ui/RoleSelect";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { ProjectMember } from "@/lib/api/types";
import { useCurrentOrg } from "@/lib/current-org";
import { formatDate } from "@/lib/format";
import { useProjectMembers, useRemoveProjectMember, useSetProjectMember } from "../api/project-queries";
import { AddProjectMemberForm } from "../components/AddProjectMemberForm";
import { useProjectOutlet } from "../use-project-outlet";

export function ProjectMembersPage() {
  const org = useCurrentOrg();
  const project = useProjectOutlet();
  const members = useProjectMembers(org.slug, project.slug);
  const setRole = useSetProjectMember(org.slug, project.slug);
  const remove = useRemoveProjectMember(org.slug, project.slug);
  const [removing, setRemoving] = useState<ProjectMember | null>(null);
  // Viewers cannot manage membership; the server decides the finer rules and explains refusals.
  const canManage = org.role !== "viewer";

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader
          title="Project members"
          description={
            project.visibility === "private"
              ? "Only these people (and organization admins) can see this private project."
              : "Everyone in the organization can see this project; a project role here narrows or widens what a member may do in it."
          }
        />
        {canManage && members.data && <AddProjectMemberForm org={org.slug} project={project.slug} members={members.data} />}
        <QueryBoundary
          query={members}
          loading={<TableSkeleton rows={3} />}
          empty={<EmptyState icon={<Users className="size-8" />} title="No project members" description="Add people of the organization above to give them a role in this project." />}
        >
          {(data) => (
            <Table label="Project members">
              <thead>
                <tr>
                  <Th>Member</Th>
                  <Th>Role</Th>
                  <Th className="hidden sm:table-cell">Added</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {data.map((m) => (
                  <Tr key={m.user_id}>
                    <Td>
                      <div className="font-medium">{m.name}</div>
                      <div className="text-xs text-muted">{m.email}</div>
                    </Td>
                    <Td>
                      {canManage ? (
                        <RoleSelect
                          aria-label={`Role of ${m.name}`}
                          value={m.role}
                          onChange={(role) =>
                            setRole.mutate({ userId: m.user_id, role })
                          }
                        />
                      ) : (
                        m.role
                      )}
                    </Td>
                    <Td className="hidden text-muted sm:table-cell">{formatDate(m.added_at)}</Td>
                    <Td className="text-right">
                      {canManage && (
                        <Button size="sm" variant="ghost" onClick={() => setRemoving(m)}>
                          Remove
                        </Button>
                      )}
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </QueryBoundary>
      </Card>
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from the project?`}
        description="They keep their organization role; for a private project they lose access to it."
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.user_id, { onSuccess: () => setRemoving(null) })}
      />
    </div>
  );
}
