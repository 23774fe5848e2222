import type { ExperimentKeys } from "./api/analysis-queries";
import type { Run } from "./api/run-queries";

export type ColumnKind = "attributes" | "params" | "metrics" | "tags";

/** A column of the runs table after the pinned run name: an attribute, a param, a metric or a tag, by key. */
export interface RunColumn {
  kind: ColumnKind;
  key: string;
}

export interface RunSort {
  /** `attributes.start_time`, `attributes.run_name`, or a column's id. */
  by: string;
  descending: boolean;
}

export const DEFAULT_SORT: RunSort = { by: "attributes.start_time", descending: true };

/** The run attributes the table can show; `sortBy` names the server's order-by attribute where one exists. */
export const ATTRIBUTE_COLUMNS: Record<string, { label: string; sortBy?: string }> = {
  status: { label: "Status", sortBy: "attributes.status" },
  start_time: { label: "Started", sortBy: "attributes.start_time" },
  duration: { label: "Duration" },
  user: { label: "User", sortBy: "attributes.user_id" },
  source: { label: "Source" },
  models: { label: "Models" },
  datasets: { label: "Datasets" },
};
const DEFAULT_ATTRIBUTES = ["status", "start_time", "duration", "user", "source"];

export const KIND_LABELS: Record<ColumnKind, string> = { attributes: "Attributes", params: "Parameters", metrics: "Metrics", tags: "Tags" };

export function columnId(c: RunColumn): string {
  return `${c.kind}.${c.key}`;
}

/** The server's order-by for a column, or null when the server cannot sort by it (duration, source...). */
export function sortKeyOf(c: RunColumn): string | null {
  if (c.kind === "attributes") return ATTRIBUTE_COLUMNS[c.key]?.sortBy ?? null;
  return columnId(c);
}

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * Every column the chooser offers: the attributes, then every param, metric and tag key of the
 * experiment (from the server's key list, so keys absent from the page on screen are offered too;
 * the page's runs are added for keys logged since the list was read).
 */
export function availableColumns(keys: ExperimentKeys | undefined, runs: Run[]): RunColumn[] {
  const sets = { params: new Set(keys?.params), metrics: new Set(keys?.metrics), tags: new Set(keys?.tags) };
  for (const run of runs) {
    for (const k of Object.keys(run.params)) sets.params.add(k);
    for (const k of Object.keys(run.metrics)) sets.metrics.add(k);
    for (const k of Object.keys(run.tags)) sets.tags.add(k);
  }
  const of = (kind: "params" | "metrics" | "tags") => [...sets[kind]].sort(byName).map((key) => ({ kind, key }));
  return [...Object.keys(ATTRIBUTE_COLUMNS).map((key) => ({ kind: "attributes" as const, key })), ...of("params"), ...of("metrics"), ...of("tags")];
}

/**
 * The columns shown: the user's choice when made (kept as ids, so a key missing from this page
 * does not lose it), else the usual attributes and the first few params and metrics.
 */
export function visibleColumns(available: RunColumn[], chosen: string[] | null, perKind = 4): RunColumn[] {
  if (chosen) return chosen.map(parseColumnId).filter((c): c is RunColumn => c !== null);
  return [
    ...DEFAULT_ATTRIBUTES.map((key) => ({ kind: "attributes" as const, key })),
    ...available.filter((c) => c.kind === "params").slice(0, perKind),
    ...available.filter((c) => c.kind === "metrics").slice(0, perKind),
  ];
}

/** Columns grouped by kind in a stable order, so each group's header spans its columns. */
export function groupColumns(columns: RunColumn[]): Array<{ kind: ColumnKind; columns: RunColumn[] }> {
  const order: ColumnKind[] = ["attributes", "params", "metrics", "tags"];
  return order.map((kind) => ({ kind, columns: columns.filter((c) => c.kind === kind) })).filter((g) => g.columns.length > 0);
}

export function parseColumnId(id: string): RunColumn | null {
  const dot = id.indexOf(".");
  const kind = id.slice(0, dot);
  if (dot < 0 || !(kind in KIND_LABELS)) return null;
  if (kind === "attributes" && !(id.slice(dot + 1) in ATTRIBUTE_COLUMNS)) return null;
  return { kind: kind as ColumnKind, key: id.slice(dot + 1) };
}

/** The chosen columns as one URL parameter (keys cannot hold commas: MLflow's key rule). */
export function columnsToParam(ids: string[]): string {
  return ids.length === 0 ? "-" : ids.join(",");
}

/** The URL parameter back to ids; absent means no choice made yet, "-" an explicit empty choice. */
export function columnsFromParam(param: string | null): string[] | null {
  if (param === null) return null;
  if (param === "-" || param === "") return [];
  return param.split(",").filter((id) => parseColumnId(id) !== null);
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

/**
 * The shown columns after a drag moves column `from` to where `to` is. A column stays in its kind's
 * group (the grid's group headers span each kind), so a drop on another kind changes nothing.
 */
export function moveColumn(ids: string[], from: string, to: string): string[] {
  const a = ids.indexOf(from);
  const b = ids.indexOf(to);
  if (a < 0 || b < 0 || a === b || parseColumnId(from)?.kind !== parseColumnId(to)?.kind) return ids;
  const next = ids.filter((id) => id !== from);
  next.splice(b, 0, from);
  return next;
}
