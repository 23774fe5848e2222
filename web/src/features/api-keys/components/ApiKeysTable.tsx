import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { ApiKey, Project } from "@/lib/api/types";
import { formatDate, formatRelative } from "@/lib/format";
import { keyStatus } from "../key-status";

const statusTone = { active: "success", expired: "warning", revoked: "neutral" } as const;

interface ApiKeysTableProps {
  keys: ApiKey[];
  projects: Project[] | undefined;
  onUsage: (key: ApiKey) => void;
  onRotate: (key: ApiKey) => void;
  onRevoke: (key: ApiKey) => void;
}

export function ApiKeysTable({ keys, projects, onUsage, onRotate, onRevoke }: ApiKeysTableProps) {
  const projectName = (id: string | null) => (id ? (projects?.find((p) => p.id === id)?.name ?? "One project") : "All projects");
  return (
    <Table label="API keys">
      <thead>
        <tr>
          <Th>Key</Th>
          <Th>Scopes</Th>
          <Th className="hidden lg:table-cell">Project</Th>
          <Th className="hidden md:table-cell">Expires</Th>
          <Th className="hidden md:table-cell">Last used</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const status = keyStatus(k);
          return (
            <Tr key={k.id}>
              <Td>
                <div className="flex items-center gap-2 font-medium">
                  {k.name} <Badge tone={statusTone[status]}>{status}</Badge>
                </div>
                <div className="font-mono text-xs text-muted">cairn_{k.prefix}_…</div>
              </Td>
              <Td>
                <div className="flex flex-wrap gap-1">
                  {k.scopes.map((s) => (
                    <Badge key={s} tone="accent">
                      {s}
                    </Badge>
                  ))}
                </div>
              </Td>
              <Td className="hidden text-muted lg:table-cell">{projectName(k.project_id)}</Td>
              <Td className="hidden text-muted md:table-cell">{k.expires_at ? formatDate(k.expires_at) : "Never"}</Td>
              <Td className="hidden text-muted md:table-cell">{formatRelative(k.last_used_at)}</Td>
              <Td className="text-right whitespace-nowrap">
                <Button size="sm" variant="ghost" onClick={() => onUsage(k)}>
                  Usage
                </Button>
                {status !== "revoked" && (
                  <>
                    <Button size="sm" variant="ghost" onClick={() => onRotate(k)}>
                      Rotate
                    </Button>
                    <Button size="sm" variant="ghost" className="text-danger" onClick={() => onRevoke(k)}>
                      Revoke
                    </Button>
                  </>
                )}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
