import { lazy, Suspense, useEffect } from "react";
import { Link, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/cn";
import { useUrlParams } from "@/lib/use-url-params";
import { useExperimentKeys } from "../api/analysis-queries";
import { useExperiment, useUpdateExperiment } from "../api/experiment-queries";
import { RunsView } from "../grid/RunsView";
import { MarkdownNote } from "@/components/markdown/MarkdownNote";
import { useMatchingRuns } from "../use-matching-runs";
import { useProjectRef } from "../use-project-ref";
import { SavedViewsMenu } from "../views/SavedViewsMenu";

// uPlot and the chart code load with the Charts tab only.
const loadCharts = () => import("../analysis/ChartsView");
const loadSweep = () => import("../sweep/SweepView");
const ChartsView = lazy(() => loadCharts().then((m) => ({ default: m.ChartsView })));
const SweepView = lazy(() => loadSweep().then((m) => ({ default: m.SweepView })));

const TABS = [
  { id: "runs", label: "Runs" },
  { id: "charts", label: "Charts" },
  { id: "sweep", label: "Sweep" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** An experiment: its runs as a grid, every metric of every matching run charted, or its sweep analysed; the tab is in the URL. */
export function ExperimentPage() {
  const { projectRef, projectBase, canWrite } = useProjectRef();
  const { experiment: experimentId = "" } = useParams();
  const experiment = useExperiment(projectRef, experimentId);
  const saveDescription = useUpdateExperiment(projectRef);
  const [params, update] = useUrlParams();
  const tab: Tab = TABS.find((t) => t.id === params.get("tab"))?.id ?? "runs";
  // A link straight to the charts or the sweep starts their code, the matching runs and the keys
  // while the experiment itself loads, instead of one after the other (time to first chart).
  const analysing = tab !== "runs";
  useEffect(() => {
    if (tab === "charts") void loadCharts();
    if (tab === "sweep") void loadSweep();
  }, [tab]);
  useMatchingRuns(projectRef, analysing ? experimentId : "");
  useExperimentKeys(projectRef, analysing ? experimentId : "");

  return (
    <QueryBoundary
      query={experiment}
      loading={<Skeleton className="h-64" />}
      notFound={
        <NotFoundState title="Experiment not found" description="It may have been deleted for good, or belong to another project." backTo={`${projectBase}/experiments`} backLabel="All experiments" />
      }
    >
      {(exp) => {
        // mlflow.* tags are the client's bookkeeping (the description is one); the user's own are shown.
        const userTags = Object.entries(exp.tags).filter(([k]) => !k.startsWith("mlflow."));
        return (
          <div className="flex flex-col gap-4">
            <div>
              <Link to={`${projectBase}/experiments`} className="text-sm text-muted hover:text-fg hover:underline">
                Experiments
              </Link>
              <h2 className="mt-1 flex items-center gap-2 text-lg font-semibold">
                {exp.name} {exp.lifecycle_stage === "deleted" && <Badge tone="danger">deleted</Badge>}
              </h2>
              <section aria-label="Description" className="mt-2 max-w-3xl">
                <MarkdownNote
                  noun="description"
                  text={exp.description ?? ""}
                  canWrite={canWrite && exp.lifecycle_stage === "active"}
                  emptyHint={canWrite ? "No description yet: say what this experiment tries, in Markdown." : ""}
                  saving={saveDescription.isPending}
                  error={saveDescription.error}
                  onSave={(description) => saveDescription.mutateAsync({ id: exp.id, description })}
                />
              </section>
              {userTags.length > 0 && (
                <div className="mt-2 flex flex-wrap gap-1">
                  {userTags.map(([k, v]) => (
                    <Badge key={k}>
                      {k}={v}
                    </Badge>
                  ))}
                </div>
              )}
            </div>
            <div className="flex items-end gap-2 border-b border-border">
              <nav aria-label="Experiment views" className="flex flex-1 gap-1">
                {TABS.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    aria-current={tab === t.id ? "page" : undefined}
                    onClick={() => update({ tab: t.id }, { tab: "runs" })}
                    className={cn(
                      "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                      tab === t.id ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
                    )}
                  >
                    {t.label}
                  </button>
                ))}
              </nav>
              <div className="pb-1">
                <SavedViewsMenu experimentId={experimentId} />
              </div>
            </div>
            {tab === "runs" ? (
              <RunsView projectRef={projectRef} projectBase={projectBase} experimentId={experimentId} experimentName={exp.name} />
            ) : (
              <Suspense fallback={<Skeleton className="h-64" />}>
                {tab === "charts" ? (
                  <ChartsView projectRef={projectRef} experimentId={experimentId} />
                ) : (
                  <SweepView projectRef={projectRef} experimentId={experimentId} />
                )}
              </Suspense>
            )}
          </div>
        );
      }}
    </QueryBoundary>
  );
}
