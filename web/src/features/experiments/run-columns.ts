import type { Run } from "./api/run-queries";

/** A column of the runs table beyond the fixed ones: a param or a metric, by key. */
export interface RunColumn {
  kind: "params" | "metrics";
  key: string;
}

export interface RunSort {
  /** `attributes.start_time`, `attributes.run_name`, or a column's id. */
  by: string;
  descending: boolean;
}

export const DEFAULT_SORT: RunSort = { by: "attributes.start_time", descending: true };

export function columnId(c: RunColumn): string {
  return `${c.kind}.${c.key}`;
}

/** Every param and metric key the runs have, params first, each sorted by name. */
export function availableColumns(runs: Run[]): RunColumn[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const k of Object.keys(run.params)) params.add(k);
    for (const k of Object.keys(run.metrics)) metrics.add(k);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return [...sorted(params).map((key) => ({ kind: "params" as const, key })), ...sorted(metrics).map((key) => ({ kind: "metrics" as const, key }))];
}

/**
 * The columns shown: the user's choice when made (kept as ids, so a key missing from this page
 * does not lose it), else the first few of each kind so a new experiment shows something useful.
 */
export function visibleColumns(available: RunColumn[], chosen: string[] | null, perKind = 4): RunColumn[] {
  if (chosen) return chosen.map(parseColumnId).filter((c): c is RunColumn => c !== null);
  return [...available.filter((c) => c.kind === "params").slice(0, perKind), ...available.filter((c) => c.kind === "metrics").slice(0, perKind)];
}

export function parseColumnId(id: string): RunColumn | null {
  const dot = id.indexOf(".");
  const kind = id.slice(0, dot);
  if (dot < 0 || (kind !== "params" && kind !== "metrics")) return null;
  return { kind, key: id.slice(dot + 1) };
}

/** The sort as MLflow's order_by clause; keys are quoted with backticks since they may hold spaces, dots or dashes. */
export function orderByClause(sort: RunSort): string {
  const dot = sort.by.indexOf(".");
  return `${sort.by.slice(0, dot)}.\`${sort.by.slice(dot + 1)}\` ${sort.descending ? "DESC" : "ASC"}`;
}

/** A click on a column header: the same column flips direction, another starts descending (best metrics first). */
export function nextSort(current: RunSort, by: string): RunSort {
  return current.by === by ? { by, descending: !current.descending } : { by, descending: true };
}
