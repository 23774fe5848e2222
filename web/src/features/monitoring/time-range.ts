/** The preset ranges of the time picker: a name in the URL (?range=1h) and its length. */
export const PRESETS = [
  { key: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { key: "1h", label: "Last hour", ms: 3_600_000 },
  { key: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { key: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { key: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { key: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
  { key: "90d", label: "Last 90 days", ms: 90 * 86_400_000 },
] as const;
export type PresetKey = (typeof PRESETS)[number]["key"];

export const DEFAULT_PRESET: PresetKey = "1h";

/** A range as the URL holds it: a preset that ends now (and moves with it), or fixed times. */
export type TimeRange = { kind: "preset"; preset: PresetKey } | { kind: "custom"; from: number; to: number };

/** From/to in ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

function isPreset(key: string | null): key is PresetKey {
  return PRESETS.some((p) => p.key === key);
}

function wholeMs(value: string | null): number | null {
  if (value === null || !/^\d{1,16}$/.test(value)) return null;
  return Number(value);
}

/** The range of a URL: `?from=&to=` (ms) when both are valid and in order, else `?range=`, else the last hour. */
export function rangeFromParams(params: URLSearchParams): TimeRange {
  const from = wholeMs(params.get("from"));
  const to = wholeMs(params.get("to"));
  if (from !== null && to !== null && from < to) return { kind: "custom", from, to };
  const preset = params.get("range");
  return { kind: "preset", preset: isPreset(preset) ? preset : DEFAULT_PRESET };
}

/** The URL parameters of a range (null removes one), for useUrlParams. */
export function rangeToParams(r: TimeRange): Record<string, string | null> {
  if (r.kind === "custom") return { range: null, from: String(Math.round(r.from)), to: String(Math.round(r.to)) };
  return { range: r.preset === DEFAULT_PRESET ? null : r.preset, from: null, to: null };
}

/** The times a range covers now: a preset ends at `now`. */
export function resolveRange(r: TimeRange, now = Date.now()): Span {
  if (r.kind === "custom") return { from: r.from, to: r.to };
  const preset = PRESETS.find((p) => p.key === r.preset)!;
  return { from: now - preset.ms, to: now };
}

/** Whether the range ends now, so its reports refresh on their own. */
export function isLive(r: TimeRange): boolean {
  return r.kind === "preset";
}

/** A key for the query cache: presets by name (their times move), custom ranges by their times. */
export function rangeKey(r: TimeRange): string {
  return r.kind === "preset" ? r.preset : `${r.from}-${r.to}`;
}

/** The range a drag on a chart selected (uPlot gives seconds), at least a minute long. */
export function zoomedRange(fromSeconds: number, toSeconds: number): TimeRange | null {
  const from = Math.round(Math.min(fromSeconds, toSeconds) * 1000);
  const to = Math.round(Math.max(fromSeconds, toSeconds) * 1000);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to - from < 60_000) return null;
  return { kind: "custom", from, to };
}

/** `2024-05-01T12:30` in local time, as a datetime-local input holds it. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The end of a range as a datetime-local value. The input keeps whole minutes, so the end rounds
 * up: "now" must still include the minute in progress (a window taken as reference would
 * otherwise miss the traffic just sent).
 */
export function toLocalInputEnd(ms: number): string {
  return toLocalInput(Math.ceil(ms / 60_000) * 60_000);
}

/** The ms of a datetime-local value (local time), null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** What the picker's button says: the preset's name, or the two times. */
export function describeRange(r: TimeRange, format: (ms: number) => string): string {
  if (r.kind === "preset") return PRESETS.find((p) => p.key === r.preset)!.label;
  return `${format(r.from)} – ${format(r.to)}`;
}
