import type { ApiKeyUsage } from "@/lib/api/types";
import { formatNumber } from "@/lib/format";

/** Requests per day over the last 30 days as bars; the numbers are in the table for screen readers. */
export function UsageChart({ days }: { days: ApiKeyUsage["days"] }) {
  const max = Math.max(1, ...days.map((d) => d.requests));
  const total = days.reduce((sum, d) => sum + d.requests, 0);
  return (
    <figure>
      <figcaption className="mb-2 text-sm text-muted">
        {formatNumber(total)} requests in the last {days.length} days
      </figcaption>
      <div className="flex h-32 items-end gap-0.5 rounded-md border border-border p-2" aria-hidden="true">
        {days.map((d) => (
          <div
            key={d.day}
            title={`${d.day}: ${formatNumber(d.requests)}`}
            className="min-h-px flex-1 rounded-t-sm bg-accent/70 hover:bg-accent"
            style={{ height: `${(d.requests / max) * 100}%` }}
          />
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-muted" aria-hidden="true">
        <span>{days[0]?.day}</span>
        <span>{days[days.length - 1]?.day}</span>
      </div>
      <table className="sr-only">
        <caption>Requests per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.requests}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
