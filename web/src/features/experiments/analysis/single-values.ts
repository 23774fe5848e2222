import type { MetricSeries } from "../api/analysis-queries";
import type { MetricValue } from "../api/run-queries";

/**
 * A metric every run logged at one step only (a final score): per run index its value, or null
 * when some run logged a history (a line chart shows that) or no run logged it at all.
 */
export function singleValues(items: MetricSeries[], runIndex: ReadonlyMap<string, number>, runCount: number): Array<MetricValue | null> | null {
  if (items.length === 0) return null;
  const steps = new Set<number>();
  for (const item of items) {
    if (item.steps.length === 0) continue;
    for (const s of item.steps) steps.add(s);
    if (steps.size > 1) return null;
  }
  if (steps.size !== 1) return null;
  const values = new Array<MetricValue | null>(runCount).fill(null);
  for (const item of items) {
    const i = runIndex.get(item.run_id);
    if (i !== undefined) values[i] = item.values.at(-1) ?? null;
  }
  return values;
}
