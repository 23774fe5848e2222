import { Badge } from "@/components/ui/Badge";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Run } from "../api/run-queries";

export function InputsCard({ inputs }: { inputs: Run["inputs"] }) {
  return (
    <Card>
      <CardHeader title="Dataset inputs" />
      {inputs.length === 0 ? (
        <EmptyState title="No datasets recorded" description="Log them with mlflow.log_input(dataset, context=&quot;training&quot;) to see what the run was trained on." />
      ) : (
        <Table label="Dataset inputs">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Context</Th>
              <Th className="hidden md:table-cell">Source</Th>
              <Th>Digest</Th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((d) => (
              <Tr key={`${d.name}-${d.digest}`}>
                <Td className="font-medium">{d.name}</Td>
                <Td>{d.context ? <Badge>{d.context}</Badge> : "—"}</Td>
                <Td className="hidden max-w-xs truncate font-mono text-xs text-muted md:table-cell" title={d.source}>
                  {d.source_type}: {d.source}
                </Td>
                <Td className="font-mono text-xs">{d.digest}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
