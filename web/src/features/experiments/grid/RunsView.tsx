import { GitCompare, Play, X } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Select } from "@/components/ui/Input";
import { CursorPagination } from "@/components/ui/Pagination";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { formatNumber } from "@/lib/format";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useUrlParams } from "@/lib/use-url-params";
import { useExperimentKeys } from "../api/analysis-queries";
import type { ProjectRef, TrackingView } from "../api/experiment-queries";
import { useRunGroups, useSearchRuns } from "../api/run-queries";
import { groupFromParam } from "../analysis/chart-settings";
import { ColumnChooser } from "../components/ColumnChooser";
import { GroupBySelect } from "../components/GroupBySelect";
import { LogRunsSnippet } from "../components/LogRunsSnippet";
import { RunFilterBox } from "../components/RunFilterBox";
import { filterProblemOf } from "../filter-error";
import { availableColumns, DEFAULT_SORT, nextSort, orderByClause, visibleColumns, type RunSort } from "../run-columns";
import { useChosenColumns } from "../use-chosen-columns";
import { RunsGrid } from "./RunsGrid";

const MAX_COMPARE = 10;
const PAGE_SIZES = [25, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;

interface RunsViewProps {
  projectRef: ProjectRef;
  projectBase: string;
  experimentId: string;
  experimentName: string;
}

/** An experiment's runs: filtered, sorted and paged by the server; filter, sort, columns and page size live in the URL. */
export function RunsView({ projectRef, projectBase, experimentId, experimentName }: RunsViewProps) {
  const navigate = useNavigate();
  const [params, update] = useUrlParams();
  const filter = params.get("filter") ?? "";
  const sort: RunSort = { by: params.get("sort") ?? DEFAULT_SORT.by, descending: params.get("dir") !== "asc" };
  const view = (params.get("view") ?? "active") as TrackingView;
  const asked = Number(params.get("ps"));
  const pageSize = PAGE_SIZES.includes(asked) ? asked : DEFAULT_PAGE_SIZE;
  const pages = useCursorPages(`${filter}|${sort.by}|${sort.descending}|${pageSize}|${view}`);
  const runs = useSearchRuns(projectRef, {
    experiment_ids: [experimentId],
    ...(filter ? { filter } : {}),
    order_by: [orderByClause(sort)],
    view,
    max_results: pageSize,
    count_total: true,
    ...(pages.cursor ? { page_token: pages.cursor } : {}),
  });
  const keys = useExperimentKeys(projectRef, experimentId);
  // The same URL parameter as the charts' grouping: the grid groups this page's runs under aggregate rows.
  const groupBy = groupFromParam(params.get("group"));
  const { chosen, choose, reset } = useChosenColumns(experimentId);
  const [selected, setSelected] = useState<string[]>([]);

  const problem = runs.isError ? filterProblemOf(runs.error, filter) : null;
  const available = availableColumns(keys.data, runs.data?.items ?? []);
  const columns = visibleColumns(available, chosen);
  const onSort = (by: string) => {
    const next = nextSort(sort, by);
    update({ sort: next.by === DEFAULT_SORT.by ? null : next.by, dir: next.descending ? null : "asc" });
  };
  const total = runs.data?.total;
  // Group rows count and aggregate every run of the search, not the page (at most 50 metric columns).
  const groupMetricKeys = columns.filter((c) => c.kind === "metrics").map((c) => c.key).slice(0, 50);
  const serverGroups = useRunGroups(
    projectRef,
    { experiment_ids: [experimentId], ...(filter ? { filter } : {}), view, group_by: groupBy ?? "", metric_keys: groupMetricKeys },
    groupBy !== null,
  );
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARE;

  return (
    <Card>
      <div className="flex flex-wrap items-start gap-2 border-b border-border p-3">
        <RunFilterBox applied={filter} onApply={(f) => update({ filter: f || null })} problem={problem} keys={keys.data} />
        <ColumnChooser available={available} shown={columns} onChange={choose} onReset={reset} />
        <GroupBySelect keys={keys.data} value={groupBy} onChange={(g) => update({ group: g })} />
        <Select aria-label="Show" value={view} onChange={(e) => update({ view: e.target.value }, { view: "active" })} className="w-auto">
          <option value="active">Active runs</option>
          <option value="deleted">Deleted runs</option>
          <option value="all">All runs</option>
        </Select>
        <Select
          aria-label="Runs per page"
          value={pageSize}
          onChange={(e) => update({ ps: e.target.value }, { ps: String(DEFAULT_PAGE_SIZE) })}
          className="w-auto"
        >
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n} per page
            </option>
          ))}
        </Select>
      </div>
      {/* The count and, while runs are ticked, what can be done with them: always above the grid, never scrolled away. */}
      <div className="flex min-h-11 flex-wrap items-center gap-3 border-b border-border px-3 py-1.5 text-sm" aria-live="polite">
        <span className="text-muted">{total === undefined ? " " : `${formatNumber(total)} ${total === 1 ? "run" : "runs"}${filter ? " match" : ""}`}</span>
        {selected.length > 0 && (
          <>
            <span className="font-medium">{selected.length} selected</span>
            <Button
              size="sm"
              variant="primary"
              disabled={!canCompare}
              title={canCompare ? undefined : `Compare takes 2 to ${MAX_COMPARE} runs`}
              onClick={() => navigate(`${projectBase}/runs/compare?runs=${selected.join(",")}`)}
            >
              <GitCompare className="size-4" aria-hidden="true" /> Compare {selected.length}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected([])}>
              <X className="size-4" aria-hidden="true" /> Clear selection
            </Button>
          </>
        )}
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
                action={<LogRunsSnippet projectRef={projectRef} experimentName={experimentName} />}
              />
            )
          }
        >
          {(data) => (
            <div aria-busy={runs.isFetching}>
              <RunsGrid
                runsBase={`${projectBase}/runs`}
                runs={data.items}
                columns={columns}
                sort={sort}
                onSort={onSort}
                selected={selected}
                onSelectedChange={setSelected}
                onColumnsReorder={choose}
                groupBy={groupBy}
                serverGroups={groupBy !== null && serverGroups.data?.group_by === groupBy ? serverGroups.data : undefined}
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
  );
}
