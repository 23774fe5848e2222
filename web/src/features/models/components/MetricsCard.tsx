import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";

export function MetricsCard({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title="Metrics" description="Copied from the source run, or set by an evaluation." />
      {entries.length === 0 ? (
        <EmptyState title="No metrics" description="Versions created from a run carry its latest metrics; evaluations can add more through the API." />
      ) : (
        <Table label="Metrics">
          <thead>
            <tr>
              <Th>Metric</Th>
              <Th className="text-right">Value</Th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <Tr key={k}>
                <Td className="font-mono text-xs wrap-anywhere">{k}</Td>
                <Td className="text-right font-mono text-xs whitespace-nowrap tabular-nums">{Number.isInteger(v) ? v : v.toPrecision(6)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
