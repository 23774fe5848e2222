import type { MetricSeries } from "../api/analysis-queries";
import { plottable, type AlignedColumns } from "../charts/chart-data";
import { emaSmooth } from "../charts/smoothing";

/** What the x axis measures: the step, the wall-clock time, or the time since the run started. */
export type XMode = "step" | "wall" | "relative";

export interface XY {
  xs: number[];
  ys: Array<number | null>;
}

/**
 * One history as x/y for the chosen axis: times in seconds (uPlot's unit for time scales), relative
 * time from the run's start (its first point when the start is unknown); smoothing applies to the
 * values in step order, before any alignment, as TensorBoard does.
 */
export function toXY(series: MetricSeries, mode: XMode, runStart: number | null, smoothing: number): XY {
  const ys = emaSmooth(series.values.map(plottable), smoothing);
  if (mode === "step") return { xs: series.steps, ys };
  const origin = mode === "relative" ? (runStart ?? series.timestamps[0] ?? 0) : 0;
  return { xs: series.timestamps.map((t) => (t - origin) / 1000), ys };
}

/**
 * Lines up many runs' histories on one x axis, as uPlot needs. While the union of their x values
 * is small it is used as is (exact); past `maxColumns` (hundreds of runs, each downsampled at other
 * steps) the x range is cut into `maxColumns` equal bins and each run keeps its last value per bin,
 * so 500 runs cost 500 x chart-width cells instead of 500 x 50,000. Lines span the empty bins.
 */
export function alignXY(series: Array<XY | null>, maxColumns: number): AlignedColumns {
  const union = new Set<number>();
  for (const s of series) if (s) for (const x of s.xs) union.add(x);
  if (union.size <= maxColumns) {
    const xs = [...union].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    return [xs, ...series.map((s) => fill(xs.length, s, (x) => index.get(x)!))];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of union) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const n = Math.max(2, maxColumns);
  const width = (hi - lo) / (n - 1);
  const xs = Array.from({ length: n }, (_, i) => lo + i * width);
  return [xs, ...series.map((s) => fill(n, s, (x) => Math.round((x - lo) / width)))];
}

function fill(n: number, s: XY | null, slot: (x: number) => number): Array<number | null> {
  const ys = new Array<number | null>(n).fill(null);
  if (s) for (let i = 0; i < s.xs.length; i++) ys[slot(s.xs[i]!)] = s.ys[i] ?? null;
  return ys;
}

/** For a log scale: values at or below zero cannot be drawn, so they become gaps instead of breaking the axis. */
export function positiveOnly(data: AlignedColumns): AlignedColumns {
  return [data[0], ...data.slice(1).map((ys) => ys.map((y) => (y !== null && y > 0 ? y : null)))];
}

/**
 * Points to ask per history: the panel's budget shared by the runs (hundreds of overlaid runs need
 * far fewer points each than one run alone), never below 50 nor above one per pixel.
 */
export function pointsPerRun(runCount: number, widthPx: number, budget = 40_000): number {
  const perPixel = Math.max(64, Math.round(widthPx));
  return Math.max(50, Math.min(perPixel, Math.floor(budget / Math.max(1, runCount))));
}
