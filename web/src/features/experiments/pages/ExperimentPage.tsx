import { GitCompare, Play } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Select } from "@/components/ui/Input";
import { CursorPagination } from "@/components/ui/Pagination";
import { Skeleton, TableSkeleton } from "@/components/ui/Skeleton";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useUrlParams } from "@/lib/use-url-params";
import { useExperiment, type TrackingView } from "../api/experiment-queries";
import { useSearchRuns } from "../api/run-queries";
import { ColumnChooser } from "../components/ColumnChooser";
import { LogRunsSnippet } from "../components/LogRunsSnippet";
import { RunFilterBox } from "../components/RunFilterBox";
import { RunsTable } from "../components/RunsTable";
import { filterProblemOf } from "../filter-error";
import { availableColumns, DEFAULT_SORT, nextSort, orderByClause, visibleColumns, type RunSort } from "../run-columns";
import { useChosenColumns } from "../use-chosen-columns";
import { useProjectRef } from "../use-project-ref";

const MAX_COMPARE = 10;
const PAGE_SIZES = [25, 50, 100];

/** An experiment's runs: filtered and sorted by the server one page at a time (fast with 10,000 runs). */
export function ExperimentPage() {
  const { projectRef, projectBase } = useProjectRef();
  const { experiment: experimentId = "" } = useParams();
  const navigate = useNavigate();
  const experiment = useExperiment(projectRef, experimentId);
  // Filter and sort live in the URL, so a view of the runs can be shared and survives a reload.
  const [params, update] = useUrlParams();
  const filter = params.get("filter") ?? "";
  const sort: RunSort = { by: params.get("sort") ?? DEFAULT_SORT.by, descending: params.get("dir") !== "asc" };
  const view = (params.get("view") ?? "active") as TrackingView;
  const [pageSize, setPageSize] = useState(50);
  const pages = useCursorPages(`${filter}|${sort.by}|${sort.descending}|${pageSize}|${view}`);
  const runs = useSearchRuns(projectRef, {
    experiment_ids: [experimentId],
    ...(filter ? { filter } : {}),
    order_by: [orderByClause(sort)],
    view,
    max_results: pageSize,
    ...(pages.cursor ? { page_token: pages.cursor } : {}),
  });
  const [chosen, choose] = useChosenColumns(experimentId);
  const [selected, setSelected] = useState<string[]>([]);

  const problem = runs.isError ? filterProblemOf(runs.error, filter) : null;
  const pageRuns = runs.data?.items ?? [];
  const available = availableColumns(pageRuns);
  const columns = visibleColumns(available, chosen);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARE ? [...s, id] : s));
  const onSort = (by: string) => {
    const next = nextSort(sort, by);
    update({ sort: next.by === DEFAULT_SORT.by ? null : next.by, dir: next.descending ? null : "asc" });
  };

  return (
    <QueryBoundary
      query={experiment}
      loading={<Skeleton className="h-64" />}
      notFound={
        <EmptyState
          title="Experiment not found"
          description="It may have been deleted for good, or belong to another project."
          action={<Link to={`${projectBase}/experiments`} className="text-accent hover:underline">All experiments</Link>}
        />
      }
    >
      {(exp) => {
        // mlflow.* tags are the client's bookkeeping (the description is one); the user's own are shown.
        const userTags = Object.entries(exp.tags).filter(([k]) => !k.startsWith("mlflow."));
        return (
          <div className="flex flex-col gap-4">
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <Link to={`${projectBase}/experiments`} className="text-sm text-muted hover:text-fg hover:underline">
                  Experiments
                </Link>
                <h2 className="mt-1 flex items-center gap-2 text-lg font-semibold">
                  {exp.name} {exp.lifecycle_stage === "deleted" && <Badge tone="danger">deleted</Badge>}
                </h2>
                {exp.description && <p className="mt-1 max-w-2xl text-sm text-muted">{exp.description}</p>}
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
              <Button
                disabled={selected.length < 2}
                onClick={() => navigate(`${projectBase}/runs/compare?runs=${selected.join(",")}`)}
                title="Tick two to ten runs to compare them"
              >
                <GitCompare className="size-4" aria-hidden="true" /> Compare{selected.length >= 2 ? ` ${selected.length}` : ""}
              </Button>
            </div>
            <Card>
              <div className="flex flex-wrap items-start gap-2 border-b border-border p-3">
                <RunFilterBox applied={filter} onApply={(f) => update({ filter: f || null })} problem={problem} />
                <ColumnChooser available={available} shown={columns} onChange={choose} />
                <Select aria-label="Show" value={view} onChange={(e) => update({ view: e.target.value }, { view: "active" })} className="w-auto">
                  <option value="active">Active runs</option>
                  <option value="deleted">Deleted runs</option>
                  <option value="all">All runs</option>
                </Select>
                <Select aria-label="Runs per page" value={pageSize} onChange={(e) => setPageSize(Number(e.target.value))} className="w-auto">
                  {PAGE_SIZES.map((n) => (
                    <option key={n} value={n}>
                      {n} per page
                    </option>
                  ))}
                </Select>
              </div>
              {problem ? (
                <EmptyState title="The filter needs a fix" description="Correct the expression above and press Enter, or clear it to see every run." />
              ) : (
                <QueryBoundary
                  query={runs}
                  loading={<TableSkeleton rows={8} />}
                  empty={
                    filter || view !== "active" ? (
                      <EmptyState
                        title={filter ? "No runs match this filter" : `No ${view === "deleted" ? "deleted " : ""}runs here`}
                        description={filter ? "Loosen the expression, or clear it to see every run." : "Show the active runs to see the rest."}
                      />
                    ) : (
                      <EmptyState
                        icon={<Play className="size-8" />}
                        title="No runs yet"
                        description="Runs appear here as soon as a script logs them to this experiment."
                        action={<LogRunsSnippet projectRef={projectRef} experimentName={exp.name} />}
                      />
                    )
                  }
                >
                  {(data) => (
                    <div aria-busy={runs.isFetching}>
                      <RunsTable
                        runsBase={`${projectBase}/runs`}
                        runs={data.items}
                        columns={columns}
                        sort={sort}
                        onSort={onSort}
                        selected={selected}
                        onToggle={toggle}
                      />
                      <CursorPagination
                        page={pages.page}
                        hasPrevious={pages.hasPrevious}
                        hasNext={!!data.next_page_token}
                        onPrevious={pages.previous}
                        onNext={() => pages.next(data.next_page_token)}
                      />
                    </div>
                  )}
                </QueryBoundary>
              )}
            </Card>
          </div>
        );
      }}
    </QueryBoundary>
  );
}
