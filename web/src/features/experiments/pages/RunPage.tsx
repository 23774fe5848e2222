import { Link, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { useExperiment } from "../api/experiment-queries";
import { useRun } from "../api/run-queries";
import { ArtifactBrowser } from "../artifacts/ArtifactBrowser";
import { MetricPanel } from "../charts/MetricPanel";
import { InputsCard } from "../components/InputsCard";
import { KeyValueCard } from "../components/KeyValueCard";
import { LatestMetricsTable } from "../components/LatestMetricsTable";
import { NotesCard } from "../components/NotesCard";
import { RunLifecycleButton } from "../components/RunLifecycleButton";
import { RunStatusBadge } from "../components/RunStatusBadge";
import { useProjectRef } from "../use-project-ref";

function duration(start: number, end: number | null): string {
  if (end === null) return "still running";
  const s = Math.round((end - start) / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** One run: its metrics charted, params, tags, notes, dataset inputs and artifacts. */
export function RunPage() {
  const { projectRef, projectBase, canWrite } = useProjectRef();
  const { run: runId = "" } = useParams();
  const run = useRun(projectRef, runId);
  // Only for the back link's name; the id stands in while it loads.
  const experiment = useExperiment(projectRef, run.data?.experiment_id ?? "");

  return (
    <QueryBoundary
      query={run}
      loading={
        <div role="status" aria-label="Loading" className="flex flex-col gap-4">
          <Skeleton className="h-10 w-72" />
          <Skeleton className="h-64" />
        </div>
      }
      notFound={
        <NotFoundState title="Run not found" description="It may have been deleted for good, or belong to another project." backTo={`${projectBase}/experiments`} backLabel="All experiments" />
      }
    >
      {(r) => {
        const metricKeys = Object.keys(r.metrics).sort((a, b) => a.localeCompare(b));
        const userTags = Object.entries(r.tags).filter(([k]) => k !== "mlflow.note.content");
        return (
          <div className="flex flex-col gap-6">
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <Link to={`${projectBase}/experiments/${r.experiment_id}`} className="text-sm text-muted hover:text-fg hover:underline">
                  {experiment.data?.name ?? `Experiment ${r.experiment_id}`}
                </Link>
                <h2 className="mt-1 flex flex-wrap items-center gap-2 text-lg font-semibold">
                  {r.name} <RunStatusBadge status={r.status} />
                  {r.lifecycle_stage === "deleted" && <Badge tone="danger">deleted</Badge>}
                </h2>
                <p className="mt-1 text-sm text-muted">
                  Started {formatDateTime(r.start_time)} · {duration(r.start_time, r.end_time)} · <span className="font-mono text-xs">{r.id}</span>
                  {r.parent_run_id && (
                    <>
                      {" · child of "}
                      <Link to={`${projectBase}/runs/${r.parent_run_id}`} className="text-accent hover:underline">
                        the parent run
                      </Link>
                    </>
                  )}
                </p>
              </div>
              {canWrite && <RunLifecycleButton projectRef={projectRef} run={r} />}
            </div>
            <section aria-label="Metric charts" className="flex flex-col gap-3">
              {metricKeys.length === 0 ? (
                <Card>
                  <EmptyState title="No metrics logged" description="Log them with mlflow.log_metric(&quot;loss&quot;, value, step=step) and they are charted here." />
                </Card>
              ) : (
                <div className="grid gap-4 xl:grid-cols-2">
                  {metricKeys.map((k) => (
                    <MetricPanel key={k} projectRef={projectRef} metricKey={k} runIds={[r.id]} runNames={[r.name]} />
                  ))}
                </div>
              )}
            </section>
            <div className="grid gap-6 xl:grid-cols-2">
              <KeyValueCard title="Parameters" entries={Object.entries(r.params)} emptyTitle="No parameters" emptyHint="Log them with mlflow.log_param or log_params." />
              <div className="flex flex-col gap-6">
                {metricKeys.length > 0 && (
                  <Card>
                    <CardHeader title="Latest metrics" />
                    <LatestMetricsTable metrics={r.metrics} />
                  </Card>
                )}
                <NotesCard projectRef={projectRef} runId={r.id} notes={r.notes} canWrite={canWrite} />
              </div>
              <KeyValueCard title="Tags" entries={userTags} emptyTitle="No tags" emptyHint="Set them with mlflow.set_tag; the client adds its own (mlflow.*)." />
              <InputsCard inputs={r.inputs} />
            </div>
            <ArtifactBrowser projectRef={projectRef} runId={r.id} />
          </div>
        );
      }}
    </QueryBoundary>
  );
}
