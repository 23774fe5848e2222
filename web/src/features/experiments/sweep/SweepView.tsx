import { useMemo } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Select } from "@/components/ui/Input";
import { Skeleton } from "@/components/ui/Skeleton";
import { useUrlParams } from "@/lib/use-url-params";
import { useExperimentKeys } from "../api/analysis-queries";
import type { ProjectRef } from "../api/experiment-queries";
import { RunFilterBox } from "../components/RunFilterBox";
import { useMatchingRuns } from "../use-matching-runs";
import { ImportanceTable } from "./ImportanceTable";
import { ParallelCoordinates } from "./ParallelCoordinates";
import { ScatterPlot } from "./ScatterPlot";
import { metricAxes, paramImportance, sweepAxes, type SweepAxis } from "./sweep-data";

function AxisSelect({ label, axes, value, onChange }: { label: string; axes: SweepAxis[]; value: string; onChange: (id: string) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      {label}
      <Select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-auto max-w-60">
        {axes.map((a) => (
          <option key={a.id} value={a.id}>
            {a.kind === "params" ? "param" : "metric"} {a.key}
          </option>
        ))}
      </Select>
    </label>
  );
}

/**
 * A hyper-parameter search at a glance: params → the chosen metric as parallel coordinates, any
 * two params or metrics as a scatter, and each param's correlation with the metric. The metric and
 * the scatter's axes live in the URL.
 */
export function SweepView({ projectRef, experimentId }: { projectRef: ProjectRef; experimentId: string }) {
  const [params, update] = useUrlParams();
  const { runs, filter, setFilter, problem } = useMatchingRuns(projectRef, experimentId);
  const keys = useExperimentKeys(projectRef, experimentId);
  const items = runs.data?.items;
  const metrics = useMemo(() => metricAxes(items ?? []), [items]);
  // The metric most runs logged, unless one is chosen: the sweep's objective, usually.
  const metricId = metrics.find((a) => a.id === params.get("metric"))?.id ?? metrics[0]?.id;
  // Only the runs that logged the metric take part, and only the params that vary among them.
  const scored = useMemo(() => (items ?? []).filter((r) => metricId && typeof r.metrics[metricId.slice(8)]?.value === "number"), [items, metricId]);
  const axes = useMemo(() => sweepAxes(scored), [scored]);
  const names = useMemo(() => scored.map((r) => r.name), [scored]);
  const paramAxes = axes.filter((a) => a.kind === "params");
  const metric = axes.find((a) => a.id === metricId);
  const sx = axes.find((a) => a.id === params.get("sx")) ?? paramAxes[0] ?? axes[0];
  const sy = axes.find((a) => a.id === params.get("sy")) ?? metric;
  const importance = useMemo(() => (metric ? paramImportance(axes, metric) : []), [axes, metric]);

  return (
    <div className="flex flex-col gap-3">
      <Card>
        <div className="p-3">
          <RunFilterBox applied={filter} onApply={setFilter} problem={problem} keys={keys.data} />
        </div>
      </Card>
      <QueryBoundary
        query={runs}
        loading={<Skeleton className="h-64" />}
        empty={<EmptyState title="No runs to analyse" description="Sweeps appear here once runs log params and metrics." />}
      >
        {() =>
          !metric || paramAxes.length === 0 ? (
            <Card>
              <EmptyState title="Nothing varies yet" description="A sweep needs runs whose params differ and that log at least one metric." />
            </Card>
          ) : (
            <>
              <Card>
                <CardHeader
                  title="Parameters → metric"
                  description="One line per run, coloured by the metric (blue low, yellow high)."
                  actions={<AxisSelect label="Metric" axes={metrics} value={metric.id} onChange={(id) => update({ metric: id })} />}
                />
                <div className="px-4 pb-4">
                  <ParallelCoordinates axes={paramAxes} metric={metric} names={names} />
                </div>
              </Card>
              <div className="grid gap-3 xl:grid-cols-2">
                <Card>
                  <CardHeader
                    title="Parameter importance"
                    description={`Spearman's rank correlation of each param with ${metric.key} over the runs having both.`}
                  />
                  <div className="px-4 pb-4">
                    <ImportanceTable importance={importance} metricKey={metric.key} />
                  </div>
                </Card>
                <Card>
                  <CardHeader title="Scatter" />
                  <div className="flex flex-wrap gap-3 px-4">
                    <AxisSelect label="X" axes={axes} value={sx!.id} onChange={(id) => update({ sx: id })} />
                    <AxisSelect label="Y" axes={axes} value={sy!.id} onChange={(id) => update({ sy: id })} />
                  </div>
                  <div className="px-4 py-3">
                    <ScatterPlot x={sx!} y={sy!} color={metric} names={names} />
                  </div>
                </Card>
              </div>
            </>
          )
        }
      </QueryBoundary>
    </div>
  );
}
