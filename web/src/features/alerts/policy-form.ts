import type { LabelMatcher, NotificationPolicy, NotificationRoute } from "./api/alert-types";
import { formatDuration, parseDuration } from "./format";

export interface EscalationForm {
  after: string;
  channels: string[];
  /** Members' emails, comma-separated as typed. */
  members: string;
}

/** A route as the policy editor holds it: durations as text ("30s", "5m", "4h"), group_by as comma-separated text. */
export interface RouteForm {
  name: string;
  matchers: LabelMatcher[];
  channels: string[];
  groupBy: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  continue: boolean;
  escalation: EscalationForm[];
  escalationRepeat: string;
}

export function newRoute(): RouteForm {
  return {
    name: "",
    matchers: [],
    channels: [],
    groupBy: "alertname, deployment",
    groupWait: "30s",
    groupInterval: "5m",
    repeatInterval: "4h",
    continue: false,
    escalation: [],
    escalationRepeat: "0s",
  };
}

export function routeFormOf(r: NotificationRoute): RouteForm {
  const d = newRoute();
  const dur = (s: number | undefined, fallback: string) => (s == null ? fallback : formatDuration(s));
  return {
    name: r.name ?? "",
    matchers: r.matchers ?? [],
    channels: r.channels ?? [],
    groupBy: (r.group_by ?? []).join(", "),
    groupWait: dur(r.group_wait_seconds, d.groupWait),
    groupInterval: dur(r.group_interval_seconds, d.groupInterval),
    repeatInterval: dur(r.repeat_interval_seconds, d.repeatInterval),
    continue: r.continue ?? false,
    escalation: (r.escalation ?? []).map((e) => ({
      after: formatDuration(e.after_seconds ?? 0),
      channels: e.channels ?? [],
      members: (e.members ?? []).join(", "),
    })),
    escalationRepeat: dur(r.escalation_repeat_seconds, d.escalationRepeat),
  };
}

/** The policy to PUT, or the first problem (which route, which field) when a duration does not parse. */
export function policyOf(routes: RouteForm[]): { policy: NotificationPolicy | null; error: string | null } {
  const out: NotificationRoute[] = [];
  for (const [i, r] of routes.entries()) {
    const where = `Route ${i + 1}${r.name ? ` (${r.name})` : ""}`;
    const durations: Record<string, string> = { "group wait": r.groupWait, "group interval": r.groupInterval, "repeat interval": r.repeatInterval, "escalation repeat": r.escalationRepeat };
    for (const [label, text] of Object.entries(durations)) if (parseDuration(text) === null) return { policy: null, error: `${where}: ${label} is not a duration (30s, 5m, 4h)` };
    for (const [j, e] of r.escalation.entries()) if (parseDuration(e.after) === null) return { policy: null, error: `${where}: escalation level ${j + 1} needs a duration` };
    out.push({
      ...(r.name.trim() ? { name: r.name.trim() } : {}),
      matchers: r.matchers.filter((m) => m.name.trim()),
      channels: r.channels,
      group_by: r.groupBy.split(",").map((s) => s.trim()).filter(Boolean),
      group_wait_seconds: parseDuration(r.groupWait)!,
      group_interval_seconds: parseDuration(r.groupInterval)!,
      repeat_interval_seconds: parseDuration(r.repeatInterval)!,
      continue: r.continue,
      escalation: r.escalation.map((e) => ({
        after_seconds: parseDuration(e.after)!,
        channels: e.channels,
        members: e.members.split(",").map((s) => s.trim()).filter(Boolean),
      })),
      escalation_repeat_seconds: parseDuration(r.escalationRepeat)!,
    });
  }
  return { policy: { routes: out }, error: null };
}
