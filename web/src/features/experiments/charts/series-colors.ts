/** Line colours for up to 10 compared runs, distinct and readable on the light and the dark surface. */
export const SERIES_COLORS = ["#6366f1", "#f97316", "#10b981", "#e11d48", "#0ea5e9", "#a855f7", "#eab308", "#14b8a6", "#ec4899", "#84cc16"];

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!;
}
