import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";

interface KeyValueCardProps {
  title: string;
  entries: Array<[string, string]>;
  emptyTitle: string;
  emptyHint: string;
}

/** A run's params or tags: key and value, sorted by key. */
export function KeyValueCard({ title, entries, emptyTitle, emptyHint }: KeyValueCardProps) {
  const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title={title} />
      {sorted.length === 0 ? (
        <EmptyState title={emptyTitle} description={emptyHint} />
      ) : (
        <Table label={title}>
          <thead>
            <tr>
              <Th>Key</Th>
              <Th>Value</Th>
            </tr>
          </thead>
          <tbody>
            {sorted.map(([k, v]) => (
              <Tr key={k}>
                <Td className="font-mono text-xs">{k}</Td>
                <Td className="max-w-md font-mono text-xs break-all">{v}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
