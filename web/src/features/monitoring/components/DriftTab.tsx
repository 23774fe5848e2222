import { Card, CardHeader } from "@/components/ui/Card";
import { ErrorState } from "@/components/ui/ErrorState";
import { Skeleton } from "@/components/ui/Skeleton";
import { isApiError } from "@/lib/api/errors";
import { useDriftReport, type MonitorRef } from "../api/monitor-queries";
import { sortByDrift } from "../drift";
import { resolveRange, type Span, type TimeRange } from "../time-range";
import { BaselinePicker } from "./BaselinePicker";
import { DriftFeatureTable } from "./DriftFeatureTable";
import { DriftHeatmap } from "./DriftHeatmap";
import { DriftSummary } from "./DriftSummary";
import { ExportButtons } from "./ExportButtons";
import { HistogramOverlay } from "./HistogramOverlay";
import { NoReference } from "./NoReference";

interface DriftTabProps {
  monitorRef: MonitorRef;
  range: TimeRange;
  baseline: Span | null;
  onBaselineChange: (baseline: Span | null) => void;
  feature: string | null;
  onFeatureChange: (feature: string) => void;
  settingsLink: string;
  canEdit: boolean;
}

/** Data drift over the range against the reference (or another window): the verdict, each feature's test, histograms and history. */
export function DriftTab({ monitorRef, range, baseline, onBaselineChange, feature, onFeatureChange, settingsLink, canEdit }: DriftTabProps) {
  const report = useDriftReport(monitorRef, range, baseline);
  const r = report.data;
  const selected = r ? (r.features.find((f) => f.feature === feature) ?? sortByDrift(r.features)[0] ?? null) : null;
  const baselineLabel = baseline ? "Baseline window" : "Reference";

  let body;
  if (report.isPending) body = <Skeleton className="h-64" />;
  else if (report.isError && isApiError(report.error) && report.error.status === 409) body = <NoReference settingsLink={settingsLink} canEdit={canEdit} />;
  else if (report.isError) body = <ErrorState error={report.error} onRetry={() => void report.refetch()} title="Could not load the drift report" />;
  else if (r)
    body = (
      <div className="flex flex-col gap-6">
        <DriftSummary report={r} />
        {r.features.length === 0 ? (
          <p className="text-sm text-muted">No features to compare in this range.</p>
        ) : (
          <div className="grid gap-6 2xl:grid-cols-[3fr_2fr]">
            <DriftFeatureTable features={r.features} selected={selected?.feature ?? null} onSelect={onFeatureChange} />
            {selected && <HistogramOverlay feature={selected} baselineLabel={baselineLabel} />}
          </div>
        )}
      </div>
    );

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader
          title="Data drift"
          description="Each feature is tested with Evidently's default for its kind and the reference's size unless the settings choose a test."
          actions={
            r && (
              <ExportButtons monitorRef={monitorRef} kind="drift" span={r} query={baseline ? { baseline_from: baseline.from, baseline_to: baseline.to } : {}} />
            )
          }
        />
        <div className="flex flex-col gap-6 p-5">
          <BaselinePicker baseline={baseline} current={resolveRange(range)} onChange={onBaselineChange} />
          {body}
        </div>
      </Card>
      <Card>
        <CardHeader title="Drift over time" description="Drift scores stored by the evaluation job, one row per feature; red where the feature drifted." />
        <div className="p-5">
          <DriftHeatmap monitorRef={monitorRef} range={range} />
        </div>
      </Card>
    </div>
  );
}
