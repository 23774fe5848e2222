import { ChevronDown, ChevronRight } from "lucide-react";
import { cn } from "@/lib/cn";
import { formatMetric } from "../charts/chart-data";
import { columnId, type RunColumn } from "../run-columns";
import type { GridGroup } from "./run-groups";

interface GroupRowProps {
  group: GridGroup;
  columns: RunColumn[];
  /** Ids of the first column of each column group, which carry the group's left rule. */
  firstOfGroup: ReadonlySet<string>;
  open: boolean;
  onToggle: () => void;
  cellBase: string;
}

/**
 * A group's aggregate row in the runs grid (W&B grouping): the group's value and run count, and under
 * each metric column the mean of its runs with their min–max; the button folds the group's runs away.
 */
export function GroupRow({ group, columns, firstOfGroup, open, onToggle, cellBase }: GroupRowProps) {
  const total = group.total ?? group.runs.length;
  // The count is the whole search's (the server's); the page may hold only some of them.
  const count = `${total} ${total === 1 ? "run" : "runs"}${total !== group.runs.length ? `, ${group.runs.length} on this page` : ""}`;
  return (
    <tr className="bg-subtle/70 font-medium" data-testid="group-row">
      <td className={cn(cellBase, "sticky left-0 z-10 w-8 bg-subtle")} />
      <td className={cn(cellBase, "sticky left-8 z-10 max-w-72 border-r bg-subtle")}>
        <button
          type="button"
          className="inline-flex items-center gap-1 rounded p-0.5 hover:text-accent"
          aria-expanded={open}
          aria-label={`${open ? "Collapse" : "Expand"} group ${group.label} (${count})`}
          onClick={onToggle}
        >
          {open ? <ChevronDown className="size-3.5" aria-hidden="true" /> : <ChevronRight className="size-3.5" aria-hidden="true" />}
          <span className="truncate font-mono text-xs">{group.label}</span>
          <span className="text-xs font-normal text-muted">({count})</span>
        </button>
      </td>
      {columns.map((c) => {
        const agg = c.kind === "metrics" ? group.metrics[c.key] : undefined;
        return (
          <td
            key={columnId(c)}
            className={cn(cellBase, firstOfGroup.has(columnId(c)) && "border-l border-l-border", c.kind === "metrics" && "text-right font-mono text-xs tabular-nums")}
          >
            {agg && (
              <span title={`mean of ${agg.runs} ${agg.runs === 1 ? "run" : "runs"}`}>
                {formatMetric(agg.mean)}
                <span className="ml-1 font-normal text-muted">
                  {formatMetric(agg.min)}–{formatMetric(agg.max)}
                </span>
              </span>
            )}
          </td>
        );
      })}
    </tr>
  );
}
