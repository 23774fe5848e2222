import { formatDateTime } from "@/lib/format";
import type { AlertDelivery, AlertEvent } from "../api/alert-types";
import { formatValue } from "../format";

const KIND_LABELS: Record<string, string> = {
  pending: "Became pending",
  firing: "Started firing",
  resolved: "Resolved",
  acknowledged: "Acknowledged",
  silenced: "Silenced",
  notified: "Notified",
  escalated: "Escalated",
  escalation_level: "Escalation level reached",
  rollback: "Rolled the deployment back",
  rollback_failed: "Rollback failed",
};

function detailText(e: AlertEvent): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.note === "string" && d.note) parts.push(`“${d.note}”`);
  if (typeof d.value === "number") parts.push(`value ${formatValue(d.value)}`);
  if (typeof d.until === "number") parts.push(`until ${formatDateTime(d.until)}`);
  if (typeof d.channel === "string") parts.push(`via ${d.channel}`);
  if (typeof d.level === "number") parts.push(`level ${d.level}`);
  if (typeof d.error === "string") parts.push(d.error);
  if (typeof d.deployment === "string") parts.push(`deployment ${d.deployment}`);
  return parts.join(" · ");
}

/** Who did it: a member's name, "you", or the rule engine (events it records carry no user id). */
function actorText(actor: string | undefined, names: Map<string, string> | undefined, me: string | undefined): string {
  if (!actor || !/^[0-9a-f]{32}$/.test(actor)) return "by the rule engine";
  if (actor === me) return "by you";
  return `by ${names?.get(actor) ?? "a member"}`;
}

interface AlertTimelineProps {
  events: AlertEvent[];
  deliveries: AlertDelivery[];
  /** Members' names by user id. */
  names?: Map<string, string> | undefined;
  /** The signed-in user's id. */
  me?: string | undefined;
}

/** What happened to an alert, oldest first, with who did it, and each delivery of its notifications. */
export function AlertTimeline({ events, deliveries, names, me }: AlertTimelineProps) {
  return (
    <div className="flex flex-col gap-5">
      <ol aria-label="Timeline" className="flex flex-col gap-3 border-l border-border pl-4">
        {events.map((e, i) => (
          <li key={`${e.at}-${e.kind}-${i}`} className="relative text-sm">
            <span aria-hidden="true" className="absolute top-1.5 -left-[21px] size-2.5 rounded-full border-2 border-surface bg-accent" />
            <p>
              <span className="font-medium">{KIND_LABELS[e.kind ?? ""] ?? e.kind}</span> <span className="text-muted">{actorText(e.actor, names, me)}</span>
            </p>
            <p className="text-xs text-muted">
              <time dateTime={e.at ? new Date(e.at).toISOString() : undefined}>{formatDateTime(e.at)}</time>
              {detailText(e) && <> · {detailText(e)}</>}
            </p>
          </li>
        ))}
      </ol>
      {deliveries.length > 0 && (
        <div>
          <h3 className="mb-2 text-sm font-semibold">Notifications</h3>
          <ul aria-label="Notifications" className="flex flex-col gap-1.5 text-sm">
            {deliveries.map((n) => (
              <li key={n.id} className="flex flex-wrap gap-x-2">
                <span className="font-medium">{n.channel}</span>
                <span className="text-muted">
                  {n.kind} · {n.reason} · {n.status} after {n.attempts} attempt{n.attempts === 1 ? "" : "s"} · {formatDateTime(n.delivered_at ?? n.created_at)}
                </span>
                {n.last_error && <span className="text-danger">{n.last_error}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
