import { Link } from "react-router";
import { Badge } from "@/components/ui/Badge";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatRelative } from "@/lib/format";
import { formatBytes } from "@/lib/format-bytes";
import type { ModelVersion } from "../api/model-queries";
import { StageBadge } from "./StageBadge";

interface VersionsTableProps {
  base: string;
  versions: ModelVersion[];
  selected: number[];
  onToggle: (version: number) => void;
}

const sourceLabel = { run: "run", logged_model: "logged model", upload: "upload" } as const;

export function VersionsTable({ base, versions, selected, onToggle }: VersionsTableProps) {
  return (
    <Table label="Versions">
      <thead>
        <tr>
          <Th className="w-8">
            <span className="sr-only">Select to compare</span>
          </Th>
          <Th>Version</Th>
          <Th>Stage</Th>
          <Th className="hidden md:table-cell">Framework</Th>
          <Th className="hidden lg:table-cell">Source</Th>
          <Th className="hidden md:table-cell">Size</Th>
          <Th className="text-right">Created</Th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <Tr key={v.version}>
            <Td>
              <input type="checkbox" aria-label={`Compare v${v.version}`} checked={selected.includes(v.version)} onChange={() => onToggle(v.version)} />
            </Td>
            <Td>
              <Link to={`${base}/versions/${v.version}`} className="font-medium hover:underline">
                v{v.version}
              </Link>
              {v.aliases.map((a) => (
                <span key={a} className="ml-1.5 inline-block whitespace-nowrap">
                  <Badge tone="accent">@{a}</Badge>
                </span>
              ))}
              {/* Clamped, not cut to one line: a one-line description would set the table's minimum width. */}
              {v.description && (
                <div className="line-clamp-2 max-w-xs text-xs text-muted" title={v.description}>
                  {v.description}
                </div>
              )}
            </Td>
            <Td className="whitespace-nowrap">
              <StageBadge stage={v.stage} />
            </Td>
            <Td className="hidden whitespace-nowrap md:table-cell">{v.framework || <span className="text-muted">—</span>}</Td>
            <Td className="hidden whitespace-nowrap text-muted lg:table-cell">{sourceLabel[v.source.type]}</Td>
            <Td className="hidden whitespace-nowrap text-muted tabular-nums md:table-cell">{formatBytes(v.size_bytes)}</Td>
            <Td className="text-right whitespace-nowrap text-muted">{formatRelative(v.created_at)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
