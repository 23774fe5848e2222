import { useUrlParams } from "@/lib/use-url-params";
import type { ProjectRef } from "./api/experiment-queries";
import { useSearchRuns } from "./api/run-queries";
import { filterProblemOf } from "./filter-error";
import { DEFAULT_SORT, orderByClause, type RunSort } from "./run-columns";

/** The most runs the chart and sweep views take (the search's page limit). */
export const MAX_ANALYSED_RUNS = 1000;

/**
 * The active runs matching the URL's filter, in the URL's order, up to MAX_ANALYSED_RUNS in one
 * answer: what the Charts and Sweep tabs draw. The filter and its setter come along, so each tab
 * shows the same filter box. An empty experimentId fetches nothing.
 */
export function useMatchingRuns(projectRef: ProjectRef, experimentId: string) {
  const [params, update] = useUrlParams();
  const filter = params.get("filter") ?? "";
  const sort: RunSort = { by: params.get("sort") ?? DEFAULT_SORT.by, descending: params.get("dir") !== "asc" };
  const runs = useSearchRuns(
    projectRef,
    {
      experiment_ids: [experimentId],
      ...(filter ? { filter } : {}),
      order_by: [orderByClause(sort)],
      view: "active",
      max_results: MAX_ANALYSED_RUNS,
      count_total: false,
    },
    experimentId !== "",
  );
  const problem = runs.isError ? filterProblemOf(runs.error, filter) : null;
  return { runs, filter, setFilter: (f: string) => update({ filter: f || null }), problem };
}
