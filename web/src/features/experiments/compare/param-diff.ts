import type { RunComparison } from "../api/run-queries";

export interface DiffRow {
  key: string;
  /** One cell per run, in the order of the comparison's runs; null where the run has no value. */
  values: Array<string | null>;
  differs: boolean;
}

/**
 * The param rows of a comparison, lined up with its runs. Rows that differ come first (they are
 * what a comparison is for), each group by key; `onlyDifferences` drops the equal ones.
 */
export function paramDiffRows(comparison: RunComparison, onlyDifferences: boolean): DiffRow[] {
  const runIds = comparison.runs.map((r) => r.id);
  return comparison.params
    .filter((p) => !onlyDifferences || p.differs)
    .map((p) => ({ key: p.key, differs: p.differs, values: runIds.map((id) => p.values[id] ?? null) }))
    .sort((a, b) => Number(b.differs) - Number(a.differs) || a.key.localeCompare(b.key));
}
