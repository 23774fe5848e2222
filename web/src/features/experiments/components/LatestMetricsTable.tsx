import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Run } from "../api/run-queries";
import { formatMetric } from "../charts/chart-data";

/** The latest value of each metric of a run, with the step it was logged at. */
export function LatestMetricsTable({ metrics }: { metrics: Run["metrics"] }) {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Table label="Latest metrics">
      <thead>
        <tr>
          <Th>Metric</Th>
          <Th className="text-right">Latest</Th>
          <Th className="text-right">Step</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, m]) => (
          <Tr key={k}>
            <Td className="font-mono text-xs">{k}</Td>
            <Td className="text-right font-mono text-xs tabular-nums">{formatMetric(m.value)}</Td>
            <Td className="text-right text-xs text-muted tabular-nums">{m.step}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
