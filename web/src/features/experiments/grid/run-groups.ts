import type { Run, RunGroups } from "../api/run-queries";
import { groupRuns, groupSingleValues, type GroupValue } from "../analysis/grouping";

/** The runs of one group of the grid, with each metric column's mean and min–max over them. */
export interface GridGroup {
  /** A stable id for the group's row and its collapsed state: the value, or a marker for "no value". */
  id: string;
  label: string;
  runs: Run[];
  /** Runs of the group in the whole search (the server's count); undefined until it answers. */
  total?: number;
  /** By metric key; null where no run of the group logged the metric. */
  metrics: Record<string, GroupValue | null>;
}

/**
 * The page's runs grouped by a param or tag (`params.x`, `tags.y`) in the same order the charts
 * group them (grouping.ts, so the grid and the charts agree), each group with aggregates of the
 * metric columns shown.
 */
export function gridGroups(runs: Run[], by: string, metricKeys: string[]): GridGroup[] {
  return groupRuns(runs, by).map((g) => {
    const members = g.runs.map((i) => runs[i]!);
    const all = g.runs.map((_, i) => i);
    const metrics: Record<string, GroupValue | null> = {};
    for (const key of metricKeys) {
      metrics[key] = groupSingleValues(
        members.map((r) => r.metrics[key]?.value),
        [{ value: g.value, label: g.label, runs: all }],
      )[0]!;
    }
    return { id: g.value === null ? NO_VALUE : g.value, label: g.label, runs: members, metrics };
  });
}

const NO_VALUE = "\u0000none";

/**
 * The page's groups with the server's count and metric aggregates over every run of the search
 * (storage/tracking/run_groups), so a group reads as the experiment's, not the page's; the runs
 * inside stay the page's. A metric the server has no value for is null; without an answer (loading,
 * or a group past the server's cap) a group keeps the page's numbers. The search's groups with no run
 * on this page follow the page's, largest first, so that every group of the experiment has its row
 * (as in W&B), with its count and aggregates and no runs to unfold.
 */
export function withServerGroups(groups: GridGroup[], server: RunGroups | undefined, metricKeys: string[]): GridGroup[] {
  if (!server) return groups;
  const metricsOf = (found: RunGroups["groups"][number]) => {
    const metrics: Record<string, GroupValue | null> = {};
    for (const key of metricKeys) metrics[key] = found.metrics[key] ?? null;
    return metrics;
  };
  const byValue = new Map(server.groups.map((g) => [g.value ?? NO_VALUE, g]));
  const onPage = groups.map((g) => {
    const found = byValue.get(g.id);
    return found ? { ...g, total: found.runs, metrics: metricsOf(found) } : g;
  });
  const pageIds = new Set(groups.map((g) => g.id));
  const key = server.group_by.slice(server.group_by.indexOf(".") + 1);
  const elsewhere = server.groups
    .filter((g) => !pageIds.has(g.value ?? NO_VALUE))
    .map((g) => ({ id: g.value ?? NO_VALUE, label: g.value === null ? `no ${key}` : `${key}=${g.value}`, runs: [], total: g.runs, metrics: metricsOf(g) }));
  return [...onPage, ...elsewhere];
}
