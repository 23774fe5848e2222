import type { Run } from "../api/run-queries";

/** One row of the runs grid: a run, how deep it is nested, and its children on this page. */
export interface RunRow {
  run: Run;
  depth: number;
  childCount: number;
  expanded: boolean;
}

/**
 * Nested runs (mlflow.parentRunId) under their parent, as MLflow's table shows them: a parent
 * row lists its children when expanded; a child whose parent is not on this page stays a top-level
 * row so it is never lost. The page's order is kept at every level.
 */
export function runRows(runs: Run[], expanded: ReadonlySet<string>): RunRow[] {
  const onPage = new Set(runs.map((r) => r.id));
  const children = new Map<string, Run[]>();
  for (const run of runs) {
    const parent = run.parent_run_id;
    if (parent && parent !== run.id && onPage.has(parent)) children.set(parent, [...(children.get(parent) ?? []), run]);
  }
  const rows: RunRow[] = [];
  const seen = new Set<string>();
  const visit = (run: Run, depth: number) => {
    if (seen.has(run.id)) return; // a cycle of parents must not loop
    seen.add(run.id);
    const kids = children.get(run.id) ?? [];
    const open = expanded.has(run.id);
    rows.push({ run, depth, childCount: kids.length, expanded: open });
    if (open) for (const kid of kids) visit(kid, depth + 1);
    else for (const kid of kids) markSeen(kid);
  };
  const markSeen = (run: Run) => {
    if (seen.has(run.id)) return;
    seen.add(run.id);
    for (const kid of children.get(run.id) ?? []) markSeen(kid);
  };
  for (const run of runs) {
    const parent = run.parent_run_id;
    const nested = parent && parent !== run.id && onPage.has(parent);
    if (!nested) visit(run, 0);
  }
  // Runs only reachable through a cycle of parents: shown at the top level rather than dropped.
  for (const run of runs) if (!seen.has(run.id)) visit(run, 0);
  return rows;
}
