import { Link } from "react-router";
import { Badge } from "@/components/ui/Badge";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatRelative } from "@/lib/format";
import type { RegisteredModel } from "../api/model-queries";
import { stagesOf } from "../stages-of";
import { StageBadge } from "./StageBadge";

export function ModelsTable({ base, models }: { base: string; models: RegisteredModel[] }) {
  return (
    <Table label="Models">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Versions</Th>
          <Th className="hidden md:table-cell">Framework</Th>
          <Th>Stages</Th>
          <Th className="hidden lg:table-cell">Aliases</Th>
          <Th className="text-right">Updated</Th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <Tr key={m.id}>
            <Td>
              <Link to={`${base}/${encodeURIComponent(m.name)}`} className="font-medium hover:underline">
                {m.name}
              </Link>
              {m.description && <div className="max-w-sm truncate text-xs text-muted">{m.description}</div>}
            </Td>
            <Td className="tabular-nums">
              {m.version_count}
              {m.latest_version != null && <span className="text-muted"> · v{m.latest_version}</span>}
            </Td>
            <Td className="hidden md:table-cell">{m.framework ? <Badge>{m.framework}</Badge> : <span className="text-muted">—</span>}</Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                {stagesOf(m).map(({ stage, version }) => (
                  <span key={stage} className="inline-flex items-center gap-1 text-xs text-muted">
                    <StageBadge stage={stage} />v{version}
                  </span>
                ))}
              </div>
            </Td>
            <Td className="hidden lg:table-cell">
              <div className="flex flex-wrap gap-1">
                {Object.entries(m.aliases).map(([alias, v]) => (
                  <Badge key={alias} tone="accent">
                    @{alias} → v{v}
                  </Badge>
                ))}
              </div>
            </Td>
            <Td className="text-right whitespace-nowrap text-muted">{formatRelative(m.updated_at)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
