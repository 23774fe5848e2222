import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { parseSignature, type SignatureField } from "@/lib/signature";

function FieldsTable({ label, fields }: { label: string; fields: SignatureField[] }) {
  if (fields.length === 0) return null;
  return (
    <div>
      <h3 className="px-5 pt-4 pb-2 text-xs font-medium text-muted uppercase">{label}</h3>
      <Table label={label}>
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Type</Th>
            <Th>Shape</Th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f, i) => (
            <Tr key={`${f.name}-${i}`}>
              <Td className="font-mono text-xs">
                {f.name}
                {f.optional && <span className="ml-1 text-muted">(optional)</span>}
              </Td>
              <Td className="font-mono text-xs">{f.type}</Td>
              <Td className="font-mono text-xs text-muted">{f.shape ?? "—"}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function SignatureCard({ signature }: { signature: unknown }) {
  const parsed = parseSignature(signature);
  return (
    <Card>
      <CardHeader title="Signature" description="What the model takes and returns." />
      {parsed ? (
        <>
          <FieldsTable label="Inputs" fields={parsed.inputs} />
          <FieldsTable label="Outputs" fields={parsed.outputs} />
          <FieldsTable label="Parameters" fields={parsed.params} />
        </>
      ) : (
        <EmptyState title="No signature" description="Log the model with a signature (mlflow.models.infer_signature) so clients and deployments can check their inputs." />
      )}
    </Card>
  );
}
