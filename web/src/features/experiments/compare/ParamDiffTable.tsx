import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { cn } from "@/lib/cn";
import type { RunComparison } from "../api/run-queries";
import { paramDiffRows } from "./param-diff";

/** Params side by side; rows whose values differ are tinted and marked for screen readers. */
export function ParamDiffTable({ comparison, onlyDifferences }: { comparison: RunComparison; onlyDifferences: boolean }) {
  const rows = paramDiffRows(comparison, onlyDifferences);
  if (rows.length === 0) {
    return (
      <p className="p-5 text-sm text-muted">{onlyDifferences ? "Every parameter has the same value in these runs." : "These runs logged no parameters."}</p>
    );
  }
  return (
    <Table label="Parameter differences">
      <thead>
        <tr>
          <Th>Parameter</Th>
          {comparison.runs.map((r) => (
            <Th key={r.id} className="normal-case">
              {r.name}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Tr key={row.key} className={cn(row.differs && "bg-warning/10")}>
            <Td className="font-mono text-xs">
              {row.key}
              {row.differs && <span className="sr-only"> (differs)</span>}
            </Td>
            {row.values.map((v, i) => (
              <Td key={i} className={cn("font-mono text-xs", row.differs && "font-semibold")}>
                {v ?? <span className="text-muted">—</span>}
              </Td>
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
