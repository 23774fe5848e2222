import type { Run } from "../api/run-queries";

/** A numeric axis of a sweep: a param or a metric (latest value) and each run's number, null where it has none. */
export interface SweepAxis {
  id: string;
  kind: "params" | "metrics";
  key: string;
  values: Array<number | null>;
  /** Categorical params (optimizer names...) are numbered by their sorted distinct values; `labels` names them. */
  labels?: string[];
}

function numberOf(text: string): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Every param that varies across the runs, and every metric, as numeric axes. A param whose
 * values are not all numbers becomes categorical (its distinct values, sorted, numbered 0..n-1).
 * Params with a single value tell nothing about a sweep and are left out.
 */
export function sweepAxes(runs: Run[]): SweepAxis[] {
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const axes: SweepAxis[] = [];
  for (const key of paramKeys) {
    const texts = runs.map((r) => r.params[key] ?? null);
    const distinct = [...new Set(texts.filter((t): t is string => t !== null))];
    if (distinct.length < 2) continue;
    if (distinct.every((t) => numberOf(t) !== null)) {
      axes.push({ id: `params.${key}`, kind: "params", key, values: texts.map((t) => (t === null ? null : numberOf(t))) });
    } else {
      const labels = distinct.sort();
      axes.push({ id: `params.${key}`, kind: "params", key, labels, values: texts.map((t) => (t === null ? null : labels.indexOf(t))) });
    }
  }
  for (const key of metricKeys) {
    const values = runs.map((r) => {
      const v = r.metrics[key]?.value;
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    });
    if (values.some((v) => v !== null)) axes.push({ id: `metrics.${key}`, kind: "metrics", key, values });
  }
  return axes;
}

/** The metrics of the runs as axes, the one most runs logged first (ties by name). */
export function metricAxes(runs: Run[]): SweepAxis[] {
  const count = (a: SweepAxis) => a.values.filter((v) => v !== null).length;
  return sweepAxes(runs)
    .filter((a) => a.kind === "metrics")
    .sort((a, b) => count(b) - count(a) || a.key.localeCompare(b.key));
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && order[end + 1]!.v === order[k]!.v) end++;
    // Ties share their average rank.
    for (let j = k; j <= end; j++) out[order[j]!.i] = (k + end) / 2;
    k = end + 1;
  }
  return out;
}

function pearson(x: number[], y: number[]): number | null {
  const n = x.length;
  if (n < 3) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rank correlation between two axes over the runs having both (W&B's "correlation"
 * column: robust to log-spaced learning rates and to monotone but curved effects); null with fewer
 * than three such runs or no variation.
 */
export function spearman(a: Array<number | null>, b: Array<number | null>): number | null {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] != null && b[i] != null) {
      x.push(a[i]!);
      y.push(b[i]!);
    }
  }
  return pearson(ranks(x), ranks(y));
}

export interface Importance {
  axis: SweepAxis;
  correlation: number;
}

/** Each param's correlation with the chosen metric, strongest (either sign) first; params without one are left out. */
export function paramImportance(axes: SweepAxis[], metric: SweepAxis): Importance[] {
  return axes
    .filter((a) => a.kind === "params")
    .flatMap((axis) => {
      const correlation = spearman(axis.values, metric.values);
      return correlation === null ? [] : [{ axis, correlation }];
    })
    .sort((p, q) => Math.abs(q.correlation) - Math.abs(p.correlation));
}

/** A value's place on an axis as 0..1 (the axis' min to max); 0.5 when the axis has one value. */
export function scaler(values: Array<number | null>): (v: number) => number {
  const present = values.filter((v): v is number => v !== null);
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  return (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5);
}
