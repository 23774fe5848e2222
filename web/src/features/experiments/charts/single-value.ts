import type { MetricPoint, MetricValue } from "../api/run-queries";

/**
 * The value of each run when the metric was logged at a single step (a final score such as
 * test_auc), null for a run that did not log it; null altogether when some run logged a history,
 * which a line chart shows. A step logged twice keeps its last point, as the charts do.
 */
export function loggedOnce(histories: MetricPoint[][]): Array<MetricValue | null> | null {
  const steps = new Set(histories.flatMap((h) => h.map((p) => p.step)));
  if (steps.size !== 1) return null;
  return histories.map((h) => h.at(-1)?.value ?? null);
}

/**
 * Each value's bar length as a fraction of the longest (bars start at zero, so lengths compare
 * honestly); NaN, infinities and missing values get no bar.
 */
export function barFractions(values: Array<MetricValue | null>): number[] {
  const sizes = values.map((v) => (typeof v === "number" && Number.isFinite(v) ? Math.abs(v) : 0));
  const longest = Math.max(0, ...sizes);
  return sizes.map((s) => (longest > 0 ? s / longest : 0));
}
