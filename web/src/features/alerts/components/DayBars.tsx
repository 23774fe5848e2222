import { formatDate } from "@/lib/format";

/** Alerts fired per day as bars, one per day of the range (days without alerts are empty bars). */
export function DayBars({ days, from, to }: { days: Array<{ day: number; fired: number }>; from: number; to: number }) {
  const byDay = new Map(days.map((d) => [d.day, d.fired]));
  const first = Math.floor(from / 86_400_000) * 86_400_000;
  const all: Array<{ day: number; fired: number }> = [];
  for (let d = first; d <= to; d += 86_400_000) all.push({ day: d, fired: byDay.get(d) ?? 0 });
  const max = Math.max(1, ...all.map((d) => d.fired));
  return (
    <figure className="min-w-0">
      <figcaption className="sr-only">Alerts fired per day</figcaption>
      <ol aria-label="Alerts fired per day" className="flex h-40 items-end gap-px">
        {all.map((d) => (
          <li key={d.day} className="flex h-full min-w-0 flex-1 flex-col justify-end" title={`${formatDate(d.day)}: ${d.fired}`}>
            <span className="sr-only">
              {formatDate(d.day)}: {d.fired}
            </span>
            <span aria-hidden="true" className="block rounded-t-sm bg-accent" style={{ height: `${(d.fired / max) * 100}%`, minHeight: d.fired ? 2 : 0 }} />
          </li>
        ))}
      </ol>
      <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-muted">
        <span>{formatDate(first)}</span>
        <span>max {max}/day</span>
        <span>{formatDate(to)}</span>
      </div>
    </figure>
  );
}
