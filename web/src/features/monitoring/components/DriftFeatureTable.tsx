import { Badge } from "@/components/ui/Badge";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { cn } from "@/lib/cn";
import type { FeatureDrift } from "../api/report-types";
import { sortByDrift } from "../drift";
import { formatMetric, isPValueMethod, methodName } from "../format";
import { DriftBadge } from "./DriftBadge";

interface DriftFeatureTableProps {
  features: FeatureDrift[];
  selected: string | null;
  onSelect: (feature: string) => void;
}

/** Each feature with the test that decided, its statistic and threshold; drifted ones first. Selecting one shows its histograms. */
export function DriftFeatureTable({ features, selected, onSelect }: DriftFeatureTableProps) {
  return (
    <Table label="Drift by feature">
      <thead>
        <tr>
          <Th>Feature</Th>
          <Th>Test</Th>
          <Th className="text-right">Score</Th>
          <Th className="text-right">p-value</Th>
          <Th className="text-right">Threshold</Th>
          <Th>Drift</Th>
        </tr>
      </thead>
      <tbody>
        {sortByDrift(features).map((f) => (
          <Tr key={f.feature} className={cn(selected === f.feature && "bg-subtle")}>
            <Td>
              <button
                type="button"
                aria-pressed={selected === f.feature}
                onClick={() => onSelect(f.feature)}
                className="font-medium text-accent hover:underline"
              >
                {f.feature}
              </button>
            </Td>
            <Td className="text-xs">{methodName(f.method)}</Td>
            <Td className="text-right tabular-nums">
              {formatMetric(f.score)}
              {f.error_bound != null && <span className="text-xs text-muted"> ±{formatMetric(f.error_bound)}</span>}
            </Td>
            <Td className="text-right tabular-nums">{formatMetric(f.p_value)}</Td>
            <Td className="text-right text-xs tabular-nums">
              {isPValueMethod(f.method) ? "p < " : "≥ "}
              {formatMetric(f.threshold)}
            </Td>
            <Td>
              {f.skipped ? (
                <span className="flex flex-col gap-0.5">
                  <Badge>Not tested</Badge>
                  {f.reason && <span className="text-xs text-muted">{f.reason}</span>}
                </span>
              ) : (
                <DriftBadge drifted={f.drifted}>{f.drifted ? "Drifted" : "No drift"}</DriftBadge>
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
