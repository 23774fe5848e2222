import type { XMode } from "./align";

/** The chart view's settings as they live in the URL, so a link reproduces the view. */
export interface ChartSettings {
  xMode: XMode;
  logY: boolean;
  /** EMA weight, 0 (raw) to 0.99. */
  smoothing: number;
  /** Panel search: metric keys containing it. */
  panelQuery: string;
  /** Runs grouped by this param or tag (`params.x`, `tags.y`), each group drawn as its mean and min–max band; null for one line per run. */
  groupBy: string | null;
  /** Pinned panels' metric keys, shown first in this order. */
  pinned: string[];
  /** Manual y ranges by metric key; a panel without one scales to its data. */
  yRanges: Record<string, YRange>;
}

export interface YRange {
  min: number;
  max: number;
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
    groupBy: groupFromParam(params.get("group")),
    pinned: (params.get("pin") ?? "").split(",").filter(Boolean),
    yRanges: yRangesFromParam(params.get("yr")),
  };
}

/** The grouping key of the URL (`group`): a param or a tag, else null. */
export function groupFromParam(v: string | null): string | null {
  return v && /^(params|tags)\..+/.test(v) ? v : null;
}

// Metric keys hold letters, digits, `_ - . : /` and spaces (MLflow's rule), never `|` nor `,`.
function yRangesFromParam(v: string | null): Record<string, YRange> {
  const out: Record<string, YRange> = {};
  for (const part of (v ?? "").split(",")) {
    const [key, lo, hi] = part.split("|");
    const min = Number(lo);
    const max = Number(hi);
    if (key && lo !== "" && hi !== "" && Number.isFinite(min) && Number.isFinite(max) && min < max) out[key] = { min, max };
  }
  return out;
}

/** The URL changes for new settings; defaults are left out to keep links short. */
export function chartSettingsTo(s: Partial<ChartSettings>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (s.xMode !== undefined) out.x = s.xMode === "step" ? null : s.xMode;
  if (s.logY !== undefined) out.logy = s.logY ? "1" : null;
  if (s.smoothing !== undefined) out.smooth = s.smoothing > 0 ? String(Number(s.smoothing.toFixed(2))) : null;
  if (s.panelQuery !== undefined) out.panels = s.panelQuery || null;
  if (s.groupBy !== undefined) out.group = s.groupBy;
  if (s.pinned !== undefined) out.pin = s.pinned.length ? s.pinned.join(",") : null;
  if (s.yRanges !== undefined) {
    const parts = Object.entries(s.yRanges).map(([k, r]) => `${k}|${r.min}|${r.max}`);
    out.yr = parts.length ? parts.join(",") : null;
  }
  return out;
}

/** The panels in page order: the pinned ones that exist first, in their pinned order, then the rest in key order. */
export function orderPanels(keys: string[], pinned: string[]): string[] {
  const present = new Set(keys);
  const first = pinned.filter((k) => present.has(k));
  const pinnedSet = new Set(first);
  return [...first, ...keys.filter((k) => !pinnedSet.has(k))];
}

/** Pins a panel (to the end of the pinned ones) or unpins it. */
export function togglePin(pinned: string[], key: string): string[] {
  return pinned.includes(key) ? pinned.filter((k) => k !== key) : [...pinned, key];
}

/** Moves a pinned panel one place up (-1) or down (+1) among the pinned ones. */
export function movePinned(pinned: string[], key: string, by: -1 | 1): string[] {
  const i = pinned.indexOf(key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= pinned.length) return pinned;
  const next = [...pinned];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** The metric keys whose panels show: those containing the panel search, case-insensitively. */
export function matchingPanels(keys: string[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  return needle ? keys.filter((k) => k.toLowerCase().includes(needle)) : keys;
}

/**
 * The pinned list after a panel is dragged from page position `from` to `to` (positions in `panels`,
 * the page order). The URL keeps only pinned panels' order, so a drop pins every panel up to where the
 * dragged one lands (and keeps the pinned ones already there); pinned keys hidden by the panel search
 * stay pinned, after the others.
 */
export function dropPanel(panels: string[], pinned: string[], from: number, to: number): string[] {
  const key = panels[from];
  if (key === undefined || to < 0 || to >= panels.length || from === to) return pinned;
  const moved = [...panels];
  moved.splice(from, 1);
  moved.splice(to, 0, key);
  const shownPinned = pinned.filter((k) => panels.includes(k)).length;
  const count = Math.max(to + 1, shownPinned + (pinned.includes(key) ? 0 : 1));
  return [...moved.slice(0, count), ...pinned.filter((k) => !panels.includes(k))];
}
