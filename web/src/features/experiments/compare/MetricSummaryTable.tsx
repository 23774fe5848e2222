import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { RunComparison } from "../api/run-queries";
import { formatMetric } from "../charts/chart-data";

/** Last, min and max of each metric per run (the server computes them over the whole history). */
export function MetricSummaryTable({ comparison }: { comparison: RunComparison }) {
  if (comparison.metrics.length === 0) return <p className="p-5 text-sm text-muted">These runs logged no metrics.</p>;
  return (
    <Table label="Metric summary">
      <thead>
        <tr>
          <Th>Metric</Th>
          <Th>Run</Th>
          <Th className="text-right">Last</Th>
          <Th className="text-right">Min</Th>
          <Th className="text-right">Max</Th>
        </tr>
      </thead>
      <tbody>
        {comparison.metrics.flatMap((m) =>
          comparison.runs.map((r, i) => {
            const v = m.values[r.id] ?? null;
            return (
              <Tr key={`${m.key}-${r.id}`}>
                {i === 0 && (
                  <Td rowSpan={comparison.runs.length} className="align-top font-mono text-xs">
                    {m.key}
                  </Td>
                )}
                <Td className="text-xs">{r.name}</Td>
                <Td className="text-right font-mono text-xs tabular-nums">{formatMetric(v?.last)}</Td>
                <Td className="text-right font-mono text-xs tabular-nums">{formatMetric(v?.min)}</Td>
                <Td className="text-right font-mono text-xs tabular-nums">{formatMetric(v?.max)}</Td>
              </Tr>
            );
          }),
        )}
      </tbody>
    </Table>
  );
}
