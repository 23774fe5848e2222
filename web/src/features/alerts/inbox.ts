import { INBOX_STATES, type Alert, type InboxState, type Severity } from "./api/alert-types";
import { alertStatus } from "./format";

export interface InboxView {
  state: InboxState;
  severity: Severity | undefined;
  rule: string | undefined;
  deployment: string | undefined;
}

/** The inbox's view from its URL (?state=firing&severity=critical&rule=...&deployment=...); firing by default. */
export function inboxViewOf(params: URLSearchParams): InboxView {
  const state = params.get("state");
  const severity = params.get("severity");
  return {
    state: INBOX_STATES.includes(state as InboxState) ? (state as InboxState) : "firing",
    severity: severity === "critical" || severity === "warning" || severity === "info" ? severity : undefined,
    rule: params.get("rule") || undefined,
    deployment: params.get("deployment") || undefined,
  };
}

/** How many alerts each tab holds, as the server filters them (firing includes acknowledged ones). */
export function countByTab(alerts: Alert[]): Record<InboxState, number> {
  const counts: Record<InboxState, number> = { firing: 0, pending: 0, acknowledged: 0, silenced: 0, resolved: 0 };
  for (const a of alerts) {
    const status = alertStatus(a);
    if (a.state === "firing") counts.firing += 1;
    if (a.state === "pending") counts.pending += 1;
    if (a.state === "resolved") counts.resolved += 1;
    if (status === "acknowledged") counts.acknowledged += 1;
    if (status === "silenced") counts.silenced += 1;
  }
  return counts;
}

/** The deployments named by the alerts' labels, for the filter. */
export function deploymentsOf(alerts: Alert[]): string[] {
  return [...new Set(alerts.map((a) => a.labels.deployment).filter((d): d is string => !!d))].sort();
}
