/**
 * Exponential moving average as TensorBoard, W&B and MLflow smooth curves: `weight` 0 is the raw
 * line, 0.99 nearly flat. The average is debiased (divided by 1 - weight^n) so the start of a
 * curve is not pulled towards zero, and gaps (null) are kept as gaps without resetting the average.
 */
export function emaSmooth(values: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return [...values];
  const w = Math.min(weight, 0.999);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    n += 1;
    return last / (1 - w ** n);
  });
}
