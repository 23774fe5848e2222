import type { XMode } from "./align";

/** The chart view's settings as they live in the URL, so a link reproduces the view. */
export interface ChartSettings {
  xMode: XMode;
  logY: boolean;
  /** EMA weight, 0 (raw) to 0.99. */
  smoothing: number;
  /** Panel search: metric keys containing it. */
  panelQuery: string;
}

const X_MODES: XMode[] = ["step", "wall", "relative"];

export function chartSettingsFrom(params: URLSearchParams): ChartSettings {
  const x = params.get("x") as XMode | null;
  const smooth = Number(params.get("smooth") ?? "0");
  return {
    xMode: x && X_MODES.includes(x) ? x : "step",
    logY: params.get("logy") === "1",
    smoothing: Number.isFinite(smooth) ? Math.min(0.99, Math.max(0, smooth)) : 0,
    panelQuery: params.get("panels") ?? "",
  };
}

/** The URL changes for new settings; defaults are left out to keep links short. */
export function chartSettingsTo(s: Partial<ChartSettings>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (s.xMode !== undefined) out.x = s.xMode === "step" ? null : s.xMode;
  if (s.logY !== undefined) out.logy = s.logY ? "1" : null;
  if (s.smoothing !== undefined) out.smooth = s.smoothing > 0 ? String(Number(s.smoothing.toFixed(2))) : null;
  if (s.panelQuery !== undefined) out.panels = s.panelQuery || null;
  return out;
}

/** The metric keys whose panels show: those containing the panel search, case-insensitively. */
export function matchingPanels(keys: string[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  return needle ? keys.filter((k) => k.toLowerCase().includes(needle)) : keys;
}
