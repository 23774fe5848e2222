import type { Run } from "../api/run-queries";
import { groupRuns, groupSingleValues, type GroupValue } from "../analysis/grouping";

/** The runs of one group of the grid, with each metric column's mean and min–max over them. */
export interface GridGroup {
  /** A stable id for the group's row and its collapsed state: the value, or a marker for "no value". */
  id: string;
  label: string;
  runs: Run[];
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
    return { id: g.value === null ? "\u0000none" : g.value, label: g.label, runs: members, metrics };
  });
}
