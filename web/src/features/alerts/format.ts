import type { Alert, Severity } from "./api/alert-types";

const UNITS: Array<[string, number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
];

/** "90" → "1m30s"; 0 → "0s". The form the duration inputs accept back. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  let rest = Math.round(seconds);
  if (rest === 0) return "0s";
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** "1h30m", "5m", "45s", "2d", or a bare number of seconds → seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === "") return null;
  if (/^\d+$/.test(t)) return Number(t);
  const parts = t.match(/^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/);
  if (!parts || parts[0] === "") return null;
  let total = 0;
  for (const part of parts.slice(1)) {
    if (!part) continue;
    const size = UNITS.find(([u]) => u === part.slice(-1))![1];
    total += Number(part.slice(0, -1)) * size;
  }
  return total;
}

export function severityTone(s: Severity): "danger" | "warning" | "accent" {
  return s === "critical" ? "danger" : s === "warning" ? "warning" : "accent";
}

/** What the inbox calls an alert: acknowledged and silenced are firing (or pending) alerts someone has seen. */
export function alertStatus(a: Pick<Alert, "state" | "acknowledged" | "silenced_by">): "firing" | "pending" | "acknowledged" | "silenced" | "resolved" {
  if (a.state === "resolved") return "resolved";
  if (a.silenced_by) return "silenced";
  if (a.state === "firing" && a.acknowledged) return "acknowledged";
  return a.state;
}

export function statusTone(s: ReturnType<typeof alertStatus>): "danger" | "warning" | "neutral" | "success" | "accent" {
  switch (s) {
    case "firing":
      return "danger";
    case "pending":
      return "warning";
    case "acknowledged":
      return "accent";
    case "silenced":
      return "neutral";
    default:
      return "success";
  }
}

/** A value as the alert carries it: up to 4 significant digits, "—" when there was none. */
export function formatValue(v: number | null | undefined): string {
  if (v == null) return "—";
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString() : String(Number(v.toPrecision(4)));
}

/** "12m" since a time, for the inbox's "active for" column. */
export function since(ms: number, now = Date.now()): string {
  return formatDuration(Math.max(0, Math.floor((now - ms) / 60_000) * 60));
}

/** "p99 > 250 over 5m", "absent for 15m", "change < -0.05 vs 7d earlier". */
export function conditionText(series: string, c: { type?: string; op?: string; value?: number; relative?: boolean; offset_seconds?: number }, windowSeconds: number): string {
  const window = formatDuration(windowSeconds);
  if (c.type === "absence") return `${series} absent for ${window}`;
  if (c.type === "change") return `${series} change ${c.op} ${c.value}${c.relative ? "%" : ""} vs ${formatDuration(c.offset_seconds ?? 0)} earlier (${window} window)`;
  return `${series} ${c.op} ${c.value} over ${window}`;
}
