import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { usePerformanceReport, type MonitorRef } from "../api/monitor-queries";
import type { PerformanceMetrics } from "../api/report-types";
import { performanceColumns, performanceMetricNames } from "../chart-columns";
import { formatCount, formatMetric, formatShare } from "../format";
import type { TimeRange } from "../time-range";
import { ConfusionMatrix } from "./ConfusionMatrix";
import { ExportButtons } from "./ExportButtons";
import { StatTiles } from "./StatTiles";
import { TimeChart } from "@/components/charts/TimeChart";

const LABELS: Record<string, string> = {
  accuracy: "Accuracy",
  precision: "Precision",
  recall: "Recall",
  f1: "F1",
  roc_auc: "ROC AUC",
  log_loss: "Log loss",
  mae: "MAE",
  rmse: "RMSE",
  mape: "MAPE",
  r2: "R²",
};

function tiles(task: "classification" | "regression", t: PerformanceMetrics): Array<[string, string]> {
  const names = task === "regression" ? (["mae", "rmse", "mape", "r2"] as const) : (["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"] as const);
  return [
    ["Label coverage", `${formatShare(t.label_coverage)} (${formatCount(t.labelled)} of ${formatCount(t.records)})`],
    ...names.map((n): [string, string] => [LABELS[n]!, formatMetric(t[n])]),
  ];
}

interface PerformanceTabProps {
  monitorRef: MonitorRef;
  range: TimeRange;
  onZoom: (fromSeconds: number, toSeconds: number) => void;
}

/** Model performance from the labels that arrived: metrics with their label coverage, over time, and the confusion matrix. */
export function PerformanceTab({ monitorRef, range, onZoom }: PerformanceTabProps) {
  const report = usePerformanceReport(monitorRef, range);
  return (
    <QueryBoundary query={report} loading={<Skeleton className="h-64" />} errorTitle="Could not load the performance report">
      {(r) => {
        const c = performanceColumns(r);
        const span = { from: r.from / 1000, to: r.to / 1000 };
        return (
          <Card>
            <CardHeader
              title={`Performance (${r.task})`}
              description="From the records with a ground-truth label (POST .../labels); metrics cover only the labelled share."
              actions={<ExportButtons monitorRef={monitorRef} kind="performance" span={r} />}
            />
            <div className="flex flex-col gap-6 p-5">
              <StatTiles label="Performance totals" items={tiles(r.task, r.total)} />
              {r.total.labelled === 0 ? (
                <p className="text-sm text-muted">
                  No labels in this range yet: send ground truth by record id (a deployment's records are its request ids) and the metrics appear here.
                </p>
              ) : (
                <div className="grid gap-6 lg:grid-cols-2">
                  <TimeChart
                    title="Metrics"
                    series={performanceMetricNames(r.task).map((n) => LABELS[n]!)}
                    data={c.metrics}
                    unit=""
                    onZoom={onZoom}
                    span={span}
                  />
                  <TimeChart title="Label coverage" series={["labelled"]} data={c.coverage} unit="%" onZoom={onZoom} span={span} />
                </div>
              )}
              {r.task === "classification" && r.total.classes && r.total.confusion_matrix && r.total.classes.length > 0 && (
                <div>
                  <h3 className="mb-2 text-sm font-medium">Confusion matrix</h3>
                  <ConfusionMatrix classes={r.total.classes} matrix={r.total.confusion_matrix} />
                </div>
              )}
            </div>
          </Card>
        );
      }}
    </QueryBoundary>
  );
}
