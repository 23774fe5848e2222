import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Skeleton, TableSkeleton } from "@/components/ui/Skeleton";
import { useExperiment } from "../api/experiment-queries";
import { useCompareRuns } from "../api/run-queries";
import { MetricPanel } from "../charts/MetricPanel";
import { ImageArtifactsTable } from "../compare/ImageArtifactsTable";
import { MetricSummaryTable } from "../compare/MetricSummaryTable";
import { ParamDiffTable } from "../compare/ParamDiffTable";
import { useProjectRef } from "../use-project-ref";

/** 2–10 runs side by side: each metric overlaid in one chart, the param diff, last/min/max, and their images. */
export function CompareRunsPage() {
  const { projectRef, projectBase } = useProjectRef();
  const [params] = useSearchParams();
  const runIds = [...new Set((params.get("runs") ?? "").split(",").filter(Boolean))].slice(0, 10);
  const comparison = useCompareRuns(projectRef, runIds);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  // The back link names the experiment of the first run (runs of several experiments can be compared).
  const experimentId = comparison.data?.runs[0]?.experiment_id ?? "";
  const experiment = useExperiment(projectRef, experimentId);
  const back = (
    <Link to={`${projectBase}/experiments`} className="text-accent hover:underline">
      Back to the experiments
    </Link>
  );

  if (runIds.length < 2)
    return <EmptyState title="Choose runs to compare" description="Tick two to ten runs in an experiment's runs table, then press Compare." action={back} />;
  return (
    <QueryBoundary
      query={comparison}
      loading={
        <div role="status" aria-label="Loading" className="flex flex-col gap-4">
          <Skeleton className="h-8 w-72" />
          <TableSkeleton />
        </div>
      }
    >
      {(c) => {
        const names = c.runs.map((r) => r.name);
        const ids = c.runs.map((r) => r.id);
        return (
          <div className="flex flex-col gap-6">
            <div>
              <Link to={`${projectBase}/experiments/${experimentId}`} className="text-sm text-muted hover:text-fg hover:underline">
                {experiment.data?.name ?? "Experiment"}
              </Link>
              <h2 className="mt-1 text-lg font-semibold">Comparing {c.runs.length} runs</h2>
              <p className="mt-1 flex flex-wrap gap-x-3 text-sm">
                {c.runs.map((r) => (
                  <Link key={r.id} to={`${projectBase}/runs/${r.id}`} className="text-accent hover:underline">
                    {r.name}
                  </Link>
                ))}
              </p>
            </div>
            <section aria-label="Metric charts">
              {c.metrics.length === 0 ? (
                <Card>
                  <EmptyState title="No metrics to chart" description="None of these runs logged a metric." />
                </Card>
              ) : (
                <div className="grid gap-4 xl:grid-cols-2">
                  {c.metrics.map((m) => (
                    <MetricPanel key={m.key} projectRef={projectRef} metricKey={m.key} runIds={ids} runNames={names} />
                  ))}
                </div>
              )}
            </section>
            <Card>
              <CardHeader
                title="Parameters"
                description="Highlighted rows differ between the runs."
                actions={
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} /> Only differences
                  </label>
                }
              />
              <ParamDiffTable comparison={c} onlyDifferences={onlyDifferences} />
            </Card>
            <Card>
              <CardHeader
                title="Metrics"
                description="Each run's last value (highest step) with its minimum – maximum over the history; the best run of each metric is highlighted (↓ lower is better, ↑ higher)."
              />
              <MetricSummaryTable comparison={c} />
            </Card>
            <Card>
              <CardHeader title="Images" description="Each run's image artifacts side by side, by path; click one to enlarge it." />
              <ImageArtifactsTable projectRef={projectRef} runs={c.runs} />
            </Card>
          </div>
        );
      }}
    </QueryBoundary>
  );
}
