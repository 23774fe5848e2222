import type { AlertCondition, RulePreview } from "./api/alert-types";

/** uPlot's columns: x in seconds, the series, and the threshold (null when the condition has none to draw). */
export type PreviewColumns = [number[], Array<number | null>, Array<number | null>];

/** The drawn line of a condition: a threshold's value; change and absence have no level on the series' scale. */
export function thresholdOf(c: AlertCondition | Record<string, unknown>): number | null {
  const cond = c as AlertCondition;
  return (cond.type ?? "threshold") === "threshold" && typeof cond.value === "number" ? cond.value : null;
}

export function previewColumns(p: RulePreview): PreviewColumns {
  const threshold = thresholdOf(p.condition);
  const xs: number[] = [];
  const ys: Array<number | null> = [];
  for (const point of p.points) {
    const [at, value] = point;
    if (at == null) continue;
    xs.push(at / 1000);
    ys.push(value ?? null);
  }
  return [xs, ys, xs.map(() => threshold)];
}

/** The episodes the rule would have fired, in seconds; one still firing ends at the preview's end. */
export function firingBands(p: RulePreview): Array<{ from: number; to: number }> {
  return p.firing
    .filter((f) => f.fired_at != null)
    .map((f) => ({ from: f.fired_at! / 1000, to: (f.resolved_at ?? p.to) / 1000 }));
}
