const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function formatDateTime(ms: number | null | undefined): string {
  return ms == null ? "—" : dateTime.format(ms);
}

export function formatDate(ms: number | null | undefined): string {
  return ms == null ? "—" : dateOnly.format(ms);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 31_536_000_000],
  ["month", 2_592_000_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 hours ago", "in 2 days"; "just now" under a minute. */
export function formatRelative(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return "never";
  const diff = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return relative.format(Math.round(diff / size), unit);
  }
  return "just now";
}

export function formatNumber(n: number): string {
  return n.toLocaleString();
}
