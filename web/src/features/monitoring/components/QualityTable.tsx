import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { FeatureQuality } from "../api/report-types";
import { formatCount, formatMetric, formatShare } from "../format";

function newCategories(f: FeatureQuality): string {
  const entries = Object.entries(f.new_categories ?? {}).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return f.kind === "categorical" ? "0" : "—";
  const shown = entries.slice(0, 3).map(([value, n]) => `${value} (${formatCount(n)})`);
  return entries.length > 3 ? `${shown.join(", ")} +${entries.length - 3} more` : shown.join(", ");
}

/** Per feature: missing values, values outside the reference's range, new categories, type and validation errors. */
export function QualityTable({ features }: { features: FeatureQuality[] }) {
  const sorted = [...features].sort((a, b) => (b.missing_share ?? 0) - (a.missing_share ?? 0) || a.feature.localeCompare(b.feature));
  return (
    <Table label="Data quality by feature">
      <thead>
        <tr>
          <Th>Feature</Th>
          <Th>Kind</Th>
          <Th className="text-right">Values</Th>
          <Th className="text-right">Missing</Th>
          <Th className="text-right">Out of range</Th>
          <Th>New categories</Th>
          <Th className="text-right">Type errors</Th>
          <Th className="text-right">Validation errors</Th>
          <Th className="text-right">Min / mean / max</Th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((f) => (
          <Tr key={f.feature}>
            <Td className="font-mono text-xs">{f.feature}</Td>
            <Td className="text-xs">{f.kind}</Td>
            <Td className="text-right tabular-nums">{formatCount(f.count)}</Td>
            <Td className="text-right tabular-nums">
              {formatShare(f.missing_share)} <span className="text-xs text-muted">({formatCount(f.missing)})</span>
            </Td>
            <Td className="text-right tabular-nums">{f.kind === "numeric" ? formatCount(f.out_of_range ?? 0) : "—"}</Td>
            <Td className="max-w-64 truncate text-xs">{newCategories(f)}</Td>
            <Td className="text-right tabular-nums">{formatCount(f.type_errors)}</Td>
            <Td className="text-right tabular-nums">{formatCount(f.validation_errors)}</Td>
            <Td className="text-right text-xs tabular-nums">
              {f.kind === "numeric" ? `${formatMetric(f.min)} / ${formatMetric(f.mean)} / ${formatMetric(f.max)}` : "—"}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
