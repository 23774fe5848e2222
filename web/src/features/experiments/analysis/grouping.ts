import type { AlignedColumns } from "../charts/chart-data";

/** Runs sharing one value of the grouping key. */
export interface RunGroup {
  /** The value as logged; null for runs without the key. */
  value: string | null;
  label: string;
  /** Indices into the charted runs. */
  runs: number[];
}

/** What grouping needs of a run: its params and tags. */
export interface GroupableRun {
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** The value of `params.x` or `tags.y` for a run, or null. */
export function groupValue(run: GroupableRun, by: string): string | null {
  const dot = by.indexOf(".");
  const source = by.slice(0, dot) === "params" ? run.params : run.tags;
  return source[by.slice(dot + 1)] ?? null;
}

/**
 * Runs grouped by a param or tag, as W&B groups them: groups in the value's order (numbers as
 * numbers, as params are logged as text), runs without the key last in one group.
 */
export function groupRuns(runs: GroupableRun[], by: string): RunGroup[] {
  const byValue = new Map<string | null, number[]>();
  runs.forEach((r, i) => {
    const v = groupValue(r, by);
    byValue.set(v, [...(byValue.get(v) ?? []), i]);
  });
  const key = by.slice(by.indexOf(".") + 1);
  const values = [...byValue.keys()].filter((v): v is string => v !== null);
  const numeric = values.every((v) => v.trim() !== "" && Number.isFinite(Number(v)));
  values.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b));
  const groups: RunGroup[] = values.map((v) => ({ value: v, label: `${key}=${v}`, runs: byValue.get(v)! }));
  if (byValue.has(null)) groups.push({ value: null, label: `no ${key}`, runs: byValue.get(null)! });
  return groups;
}

/**
 * A run's values carried forward over the columns between its first and last point, so runs logged
 * at other steps (or binned apart) still meet in every column they span; outside their span, gaps.
 */
function spanFilled(ys: Array<number | null>): Array<number | null> {
  const out = [...ys];
  let last: number | null = null;
  let end = -1;
  for (let i = ys.length - 1; i >= 0 && end < 0; i--) if (ys[i] !== null) end = i;
  for (let i = 0; i <= end; i++) {
    if (out[i] !== null) last = out[i]!;
    else if (last !== null) out[i] = last;
  }
  return out;
}

/**
 * Per group and x column, the mean, min and max of its visible runs' values: the columns are
 * [x, mean₀, min₀, max₀, mean₁, min₁, max₁, …]. A column where no run of a group has a value is a gap.
 */
export function aggregateGroups(data: AlignedColumns, groups: RunGroup[], hidden: ReadonlySet<number> = new Set()): AlignedColumns {
  const xs = data[0];
  const filled = new Map<number, Array<number | null>>();
  const column = (run: number) => {
    let ys = filled.get(run);
    if (!ys) {
      ys = spanFilled(data[run + 1] ?? []);
      filled.set(run, ys);
    }
    return ys;
  };
  const out: AlignedColumns = [xs];
  for (const g of groups) {
    const members = g.runs.filter((r) => !hidden.has(r));
    const mean = new Array<number | null>(xs.length).fill(null);
    const min = new Array<number | null>(xs.length).fill(null);
    const max = new Array<number | null>(xs.length).fill(null);
    for (let i = 0; i < xs.length; i++) {
      let sum = 0;
      let n = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of members) {
        const y = column(r)[i];
        if (y === null || y === undefined) continue;
        sum += y;
        n++;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
      if (n > 0) {
        mean[i] = sum / n;
        min[i] = lo;
        max[i] = hi;
      }
    }
    out.push(mean, min, max);
  }
  return out;
}

/** A group's summary of a metric logged once per run: the mean, min and max of its visible runs' numbers. */
export interface GroupValue {
  mean: number;
  min: number;
  max: number;
  runs: number;
}

/** Per group (null where no visible run has a number), for single-value metrics drawn as bars per group. */
export function groupSingleValues(values: Array<unknown>, groups: RunGroup[], hidden: ReadonlySet<number> = new Set()): Array<GroupValue | null> {
  return groups.map((g) => {
    const xs = g.runs.filter((r) => !hidden.has(r)).flatMap((r) => (typeof values[r] === "number" && Number.isFinite(values[r]) ? [values[r]] : []));
    if (xs.length === 0) return null;
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
  });
}
