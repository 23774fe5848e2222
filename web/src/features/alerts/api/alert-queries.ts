import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline } from "@/lib/query-client";
import type { AlertAnalytics, AlertDelivery, AlertDetail, BulkAction, InboxState, ProjectRef, RuleTally, Severity } from "./alert-types";

const P = "/api/v1/orgs/{org}/projects/{project}" as const;

/** Open alerts change with every evaluation: the inbox and an alert refresh this often. */
export const ALERTS_POLL_MS = 5_000;

export const alertKeys = {
  all: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "alerts"] as const,
  list: (r: ProjectRef, f: AlertFilter) => [...alertKeys.all(r), "list", f] as const,
  alert: (r: ProjectRef, id: string) => [...alertKeys.all(r), "one", id] as const,
  analytics: (r: ProjectRef, days: number) => [...alertKeys.all(r), "analytics", days] as const,
};

export interface AlertFilter {
  states: InboxState[];
  severity?: Severity | undefined;
  rule?: string | undefined;
  deployment?: string | undefined;
  limit?: number;
}

export function fetchAlerts(r: ProjectRef, f: AlertFilter) {
  const query = {
    ...(f.states.length ? { state: f.states.join(",") } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...(f.rule ? { rule: f.rule } : {}),
    ...(f.deployment ? { deployment: f.deployment } : {}),
    limit: f.limit ?? 200,
  };
  return unwrap(api.GET(`${P}/alerts`, { params: { path: r, query } }));
}

export function alertsOptions(r: ProjectRef, f: AlertFilter) {
  return { queryKey: alertKeys.list(r, f), queryFn: () => fetchAlerts(r, f), refetchInterval: ALERTS_POLL_MS };
}

export function useAlerts(r: ProjectRef, f: AlertFilter) {
  return useQuery(alertsOptions(r, f));
}

export function useAlert(r: ProjectRef, id: string) {
  return useQuery({
    queryKey: alertKeys.alert(r, id),
    queryFn: () => unwrap(api.GET(`${P}/alerts/{alert}`, { params: { path: { ...r, alert: id } } })),
    refetchInterval: ALERTS_POLL_MS,
  });
}

/** Fired alerts over the last `days` days: per day, per rule (MTTA, MTTR), the noisiest rules. */
export function useAlertAnalytics(r: ProjectRef, days: number) {
  return useQuery({
    queryKey: alertKeys.analytics(r, days),
    queryFn: async () => {
      const to = Date.now();
      const a: AlertAnalytics = await unwrap(api.GET(`${P}/alerts/analytics`, { params: { path: r, query: { from: to - days * 86_400_000, to } } }));
      return {
        ...a,
        by_rule: a.by_rule as unknown as RuleTally[],
        noisiest: a.noisiest as unknown as RuleTally[],
        by_day: a.by_day as unknown as Array<{ day: number; fired: number }>,
      };
    },
  });
}

/** An alert's deliveries, typed (the contract leaves them open objects). */
export function deliveriesOf(a: AlertDetail): AlertDelivery[] {
  return a.notifications as unknown as AlertDelivery[];
}

export function useRespondToAlert(r: ProjectRef, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ action, note }: { action: "acknowledge" | "resolve"; note: string }) => {
      const init = { params: { path: { ...r, alert: id } }, body: note ? { note } : {} };
      return unwrap(action === "acknowledge" ? api.POST(`${P}/alerts/{alert}/acknowledge`, init) : api.POST(`${P}/alerts/{alert}/resolve`, init));
    },
    onSuccess: (a) => {
      queryClient.setQueryData(alertKeys.alert(r, id), a);
      return queryClient.invalidateQueries({ queryKey: [...alertKeys.all(r), "list"] });
    },
  });
}

export function useBulkAlerts(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { ids: string[]; action: BulkAction; note?: string; duration_seconds?: number }) =>
      unwrap(api.POST(`${P}/alerts/bulk`, { params: { path: r }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all(r) }),
  });
}

/** Names of the organization's members by user id, for the actors of a timeline (first 200 members). */
export function useMemberNames(org: string) {
  return useQuery({
    queryKey: ["orgs", org, "members", "names"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/members", { params: { path: { org }, query: { limit: 200 } } })).then(
        (page) => new Map(page.items.map((m) => [m.user_id, m.name])),
      ),
    staleTime: 5 * 60_000,
  });
}
