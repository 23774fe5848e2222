import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { cn } from "@/lib/cn";
import type { RunComparison } from "../api/run-queries";
import { formatMetric } from "../charts/chart-data";
import { bestIndexes, lowerIsBetter } from "./best";

/**
 * Runs × metrics: each run's last value, with its min–max over the history below; the best run of
 * each metric is highlighted (lower is better for losses and errors, higher for the rest).
 */
export function MetricSummaryTable({ comparison }: { comparison: RunComparison }) {
  if (comparison.metrics.length === 0) return <p className="p-5 text-sm text-muted">These runs logged no metrics.</p>;
  const best = comparison.metrics.map(
    (m) =>
      new Set(
        bestIndexes(
          comparison.runs.map((r) => m.values[r.id]?.last),
          lowerIsBetter(m.key),
        ),
      ),
  );
  return (
    <Table label="Metric summary">
      <thead>
        <tr>
          <Th className="sticky left-0 bg-surface">Run</Th>
          {comparison.metrics.map((m) => (
            <Th key={m.key} className="text-right whitespace-nowrap normal-case">
              <span className="font-mono">{m.key}</span> <span className="font-normal">{lowerIsBetter(m.key) ? "↓" : "↑"}</span>
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {comparison.runs.map((r, i) => (
          <Tr key={r.id}>
            <Td className="sticky left-0 bg-surface text-xs font-medium whitespace-nowrap">{r.name}</Td>
            {comparison.metrics.map((m, k) => {
              const v = m.values[r.id] ?? null;
              const isBest = best[k]!.has(i);
              return (
                <Td key={m.key} className={cn("text-right font-mono text-xs whitespace-nowrap tabular-nums", isBest && "bg-success/10 font-semibold")}>
                  {formatMetric(v?.last)}
                  {isBest && <span className="sr-only"> (best)</span>}
                  {v && v.min !== v.max && (
                    <span className="block text-[11px] font-normal text-muted">
                      {formatMetric(v.min)} – {formatMetric(v.max)}
                    </span>
                  )}
                </Td>
              );
            })}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
