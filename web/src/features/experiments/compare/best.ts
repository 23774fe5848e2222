import type { MetricValue } from "../api/run-queries";

// Metric names that mean "smaller is better", as MLflow and W&B users name them.
const LOWER_IS_BETTER = /(loss|error|err\b|mse|rmse|mae|mape|perplexity|latency|duration|time|cost|wer|cer|fpr|fnr)/i;

/** Whether a metric improves downwards, guessed from its name (loss, error, rmse...). */
export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}

/** The indexes of the best value (ties all count); none when no value is a finite number. */
export function bestIndexes(values: Array<MetricValue | null | undefined>, lower: boolean): number[] {
  let best: number | null = null;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (best === null || (lower ? v < best : v > best)) best = v;
  }
  if (best === null) return [];
  return values.flatMap((v, i) => (v === best ? [i] : []));
}
