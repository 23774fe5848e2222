import { Badge } from "@/components/ui/Badge";
import { Td } from "@/components/ui/Table";
import { isApiError } from "@/lib/api/errors";
import { useDriftReport, useQualityReport, useServiceReport, type MonitorRef } from "../api/monitor-queries";
import { worstMissingShare } from "../chart-columns";
import { formatCount, formatMs, formatShare } from "../format";
import type { TimeRange } from "../time-range";
import { DriftBadge } from "./DriftBadge";

function DriftCell({ monitorRef, range }: { monitorRef: MonitorRef; range: TimeRange }) {
  const drift = useDriftReport(monitorRef, range);
  if (drift.isPending) return <span className="text-muted">…</span>;
  if (drift.isError) return isApiError(drift.error) && drift.error.status === 409 ? <Badge>No reference</Badge> : <span className="text-muted">—</span>;
  const d = drift.data;
  if (d.rows === 0) return <span className="text-muted">No rows</span>;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <DriftBadge drifted={d.dataset_drifted}>{d.dataset_drifted ? "Drift" : "No drift"}</DriftBadge>
      <span className="text-xs text-muted tabular-nums">
        {d.drifted_features}/{d.features.length} features
      </span>
    </span>
  );
}

/** One monitor's health over the range: traffic, p99, error rate, drift, the worst missing share. */
export function MonitorHealthCells({ monitorRef, range }: { monitorRef: MonitorRef; range: TimeRange }) {
  const service = useServiceReport(monitorRef, range);
  const quality = useQualityReport(monitorRef, range);
  const t = service.data?.total;
  const worst = quality.data ? worstMissingShare(quality.data) : null;
  return (
    <>
      <Td className="text-right tabular-nums">{formatCount(t?.requests)}</Td>
      <Td className="text-right tabular-nums">{formatMs(t?.latency_ms?.p99)}</Td>
      <Td className="text-right tabular-nums">{formatShare(t?.error_rate)}</Td>
      <Td>
        <DriftCell monitorRef={monitorRef} range={range} />
      </Td>
      <Td className="text-right tabular-nums">
        {worst ? (
          <span title={`worst: ${worst.feature}`}>
            {formatShare(worst.share)} <span className="text-xs text-muted">{worst.feature}</span>
          </span>
        ) : (
          "—"
        )}
      </Td>
    </>
  );
}
