import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime } from "@/lib/format";
import type { Run } from "../api/run-queries";
import { formatMetric } from "../charts/chart-data";
import { columnId, type RunColumn, type RunSort } from "../run-columns";
import { RunStatusBadge } from "./RunStatusBadge";
import { SortableTh } from "./SortableTh";

interface RunsTableProps {
  runsBase: string;
  runs: Run[];
  columns: RunColumn[];
  sort: RunSort;
  onSort: (by: string) => void;
  selected: string[];
  onToggle: (runId: string) => void;
}

function cell(run: Run, c: RunColumn): string {
  if (c.kind === "params") return run.params[c.key] ?? "—";
  return formatMetric(run.metrics[c.key]?.value);
}

/** One page of runs: fixed columns, then the chosen params and metrics; every header sorts on the server. */
export function RunsTable({ runsBase, runs, columns, sort, onSort, selected, onToggle }: RunsTableProps) {
  return (
    <Table label="Runs">
      <thead>
        <tr>
          <Th className="w-8">
            <span className="sr-only">Select to compare</span>
          </Th>
          <SortableTh by="attributes.run_name" sort={sort} onSort={onSort}>
            Run
          </SortableTh>
          <SortableTh by="attributes.status" sort={sort} onSort={onSort}>
            Status
          </SortableTh>
          <SortableTh by="attributes.start_time" sort={sort} onSort={onSort} className="hidden md:table-cell">
            Started
          </SortableTh>
          {columns.map((c) => (
            <SortableTh key={columnId(c)} by={columnId(c)} sort={sort} onSort={onSort} className="normal-case">
              <span className="font-mono normal-case" title={`${c.kind === "params" ? "Param" : "Metric"} ${c.key}`}>
                {c.key}
              </span>
            </SortableTh>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <Tr key={run.id}>
            <Td>
              <input type="checkbox" aria-label={`Compare ${run.name}`} checked={selected.includes(run.id)} onChange={() => onToggle(run.id)} />
            </Td>
            <Td>
              <Link to={`${runsBase}/${run.id}`} className="font-medium hover:underline">
                {run.name}
              </Link>
            </Td>
            <Td>
              <RunStatusBadge status={run.status} />
            </Td>
            <Td className="hidden whitespace-nowrap text-muted md:table-cell">{formatDateTime(run.start_time)}</Td>
            {columns.map((c) => (
              <Td key={columnId(c)} className="max-w-48 truncate font-mono text-xs tabular-nums">
                {cell(run, c)}
              </Td>
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
