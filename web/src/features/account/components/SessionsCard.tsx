import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useRevokeSession, useSessions } from "../api/account-queries";

/** Where the account is signed in; any session but this one can be signed out from here. */
export function SessionsCard() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Card>
      <CardHeader title="Sessions" description="Browsers signed in to your account. Sign out any you do not recognise." />
      <QueryBoundary query={sessions} loading={<TableSkeleton rows={2} />}>
        {(data) => (
          <Table label="Sessions">
            <thead>
              <tr>
                <Th>Browser</Th>
                <Th className="hidden md:table-cell">Address</Th>
                <Th>Last active</Th>
                <Th className="hidden lg:table-cell">Signed in</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {data.map((s) => (
                <Tr key={s.id}>
                  <Td className="max-w-xs">
                    <span className="block truncate" title={s.user_agent}>
                      {s.user_agent || "Unknown client"}
                    </span>
                    {s.current && <Badge tone="success">this browser</Badge>}
                  </Td>
                  <Td className="hidden font-mono text-xs text-muted md:table-cell">{s.ip}</Td>
                  <Td className="text-muted">{formatRelative(s.last_used_at)}</Td>
                  <Td className="hidden text-muted lg:table-cell">{formatDateTime(s.created_at)}</Td>
                  <Td className="text-right">
                    {!s.current && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={revoke.isPending && revoke.variables === s.id}
                        onClick={() => revoke.mutate(s.id, { onSuccess: () => toast.success("Session signed out") })}
                      >
                        Sign out
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
  );
}
