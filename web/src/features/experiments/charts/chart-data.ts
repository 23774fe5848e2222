import type { MetricPoint, MetricValue } from "../api/run-queries";

/** uPlot's column data: the shared x values (steps), then one y column per series (null = gap). */
export type AlignedColumns = [number[], ...Array<Array<number | null>>];

/** A metric value as a plotted number; NaN and infinities become gaps rather than wrecking the scale. */
export function plottable(v: MetricValue): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Lines up several histories on one step axis (the union of their steps), as uPlot needs. A step
 * logged twice keeps its last point, which is what MLflow's charts show.
 */
export function alignByStep(histories: MetricPoint[][]): AlignedColumns {
  const steps = [...new Set(histories.flatMap((h) => h.map((p) => p.step)))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const series = histories.map((h) => {
    const ys: Array<number | null> = new Array<number | null>(steps.length).fill(null);
    for (const p of h) ys[index.get(p.step)!] = plottable(p.value);
    return ys;
  });
  return [steps, ...series];
}

/**
 * Which series have a single plotted point: a line needs two, so these are drawn as a dot (a run
 * compared with others that logged the metric at one step only would otherwise be invisible).
 */
export function lonePointSeries(data: AlignedColumns): boolean[] {
  return data.slice(1).map((ys) => ys.filter((y) => y !== null).length === 1);
}

/** The step span of some histories, or null when they have no points. */
export function stepSpan(histories: MetricPoint[][]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const h of histories) {
    for (const p of h) {
      if (p.step < min) min = p.step;
      if (p.step > max) max = p.step;
    }
  }
  return min <= max ? { min, max } : null;
}

export const MAX_SERVER_POINTS = 100_000;

/**
 * How many points to ask the server for: one per pixel of the chart's width for the whole history;
 * zoomed into a fraction of it, proportionally more, so the visible window still gets about one
 * point per pixel (the server downsamples the whole history, not a window). Rounded up to a power
 * of two so a drag-zoom does not refetch for every few pixels.
 */
export function pointsToRequest(widthPx: number, fullSpan: number, visibleSpan: number | null): number {
  const width = Math.max(64, Math.round(widthPx));
  const zoom = visibleSpan && visibleSpan > 0 && fullSpan > visibleSpan ? fullSpan / visibleSpan : 1;
  const wanted = width * zoom;
  return Math.min(MAX_SERVER_POINTS, 2 ** Math.ceil(Math.log2(wanted)));
}

/** Last, min and max as shown in tables: 4 significant digits, integers as they are. */
export function formatMetric(v: MetricValue | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}
