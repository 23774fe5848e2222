import type { DriftReport } from "../api/report-types";
import { formatCount, formatShare } from "../format";
import { DriftBadge } from "./DriftBadge";
import { StatTiles } from "./StatTiles";

/** Dataset drift at a glance: the verdict, the share of drifted features against its threshold, the rows compared. */
export function DriftSummary({ report }: { report: DriftReport }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <DriftBadge drifted={report.dataset_drifted}>{report.dataset_drifted ? "Dataset drift" : "No dataset drift"}</DriftBadge>
        <span className="text-muted">
          {report.drifted_features} of {report.features.length} features drifted; dataset drift from {formatShare(report.share_threshold)} of features.
        </span>
      </p>
      <StatTiles
        label="Drift summary"
        items={[
          ["Drift share", formatShare(report.drift_share)],
          ["Drifted features", `${report.drifted_features} / ${report.features.length}`],
          ["Rows", formatCount(report.rows)],
          [report.baseline === "reference" ? "Reference rows" : "Baseline rows", formatCount(report.reference_rows)],
        ]}
      />
      {(report.incomparable_features ?? []).length > 0 && (
        <p className="text-xs text-muted">Not compared (numbers on one side, labels on the other): {report.incomparable_features!.join(", ")}.</p>
      )}
      {report.unmergeable_features.length > 0 && (
        <p className="text-xs text-muted">Not compared (their statistics could not be merged over this range): {report.unmergeable_features.join(", ")}.</p>
      )}
    </div>
  );
}
