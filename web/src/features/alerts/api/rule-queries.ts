import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline } from "@/lib/query-client";
import type { AlertRule, AlertRuleInput, ProjectRef } from "./alert-types";

const P = "/api/v1/orgs/{org}/projects/{project}" as const;

export const ruleKeys = {
  rules: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "alert-rules"] as const,
  rule: (r: ProjectRef, rule: string) => [...ruleKeys.rules(r), "one", rule] as const,
  templates: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "alert-rule-templates"] as const,
  preview: (r: ProjectRef, body: AlertRuleInput, hours: number) => [...ruleKeys.rules(r), "preview", body, hours] as const,
};

export function useAlertRules(r: ProjectRef) {
  return useQuery({
    queryKey: [...ruleKeys.rules(r), "list"],
    queryFn: () => unwrap(api.GET(`${P}/alert-rules`, { params: { path: r } })).then((x) => x.rules),
    refetchInterval: 10_000,
  });
}

export function useAlertRule(r: ProjectRef, rule: string, enabled = true) {
  return useQuery({
    queryKey: ruleKeys.rule(r, rule),
    queryFn: () => unwrap(api.GET(`${P}/alert-rules/{rule}`, { params: { path: { ...r, rule } } })),
    enabled,
  });
}

export function useRuleTemplates(r: ProjectRef) {
  return useQuery({
    queryKey: ruleKeys.templates(r),
    queryFn: () => unwrap(api.GET(`${P}/alert-rule-templates`, { params: { path: r } })).then((x) => x.templates),
    staleTime: Infinity,
  });
}

/** The project's monitors, for the rule editor's monitor select. */
export function useMonitorNames(r: ProjectRef) {
  return useQuery({
    queryKey: ["orgs", r.org, "projects", r.project, "monitors", "names"],
    queryFn: () => unwrap(api.GET(`${P}/monitors`, { params: { path: r } })).then((x) => x.monitors.map((m) => m.name)),
  });
}

/** The project's active experiments by name (a rule can watch their runs' metrics); the first 200. */
export function useExperimentNames(r: ProjectRef) {
  return useQuery({
    queryKey: ["orgs", r.org, "projects", r.project, "experiments", "names"],
    queryFn: () =>
      unwrap(api.GET(`${P}/experiments`, { params: { path: r, query: { limit: 200 } } })).then((x) => x.items.map((e) => e.name)),
  });
}

export function fetchRulePreview(r: ProjectRef, rule: AlertRuleInput, hours: number) {
  return unwrap(api.POST(`${P}/alert-rules/preview`, { params: { path: r }, body: { rule, hours } }));
}

/** How the rule would have evaluated over the last `hours`; off while the body is incomplete (null). */
export function useRulePreview(r: ProjectRef, rule: AlertRuleInput | null, hours = 6) {
  return useQuery({
    queryKey: ruleKeys.preview(r, rule ?? ({} as AlertRuleInput), hours),
    queryFn: () => fetchRulePreview(r, rule!, hours),
    enabled: rule !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateRule(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: AlertRuleInput) => unwrap(api.POST(`${P}/alert-rules`, { params: { path: r }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.rules(r) }),
  });
}

export function useUpdateRule(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ rule, body }: { rule: string; body: Partial<AlertRuleInput> }) =>
      unwrap(api.PATCH(`${P}/alert-rules/{rule}`, { params: { path: { ...r, rule } }, body: body as never })),
    onSuccess: (saved: AlertRule) => {
      queryClient.setQueryData(ruleKeys.rule(r, saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: ruleKeys.rules(r) });
    },
  });
}

export function useDeleteRule(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (rule: string) => unwrap(api.DELETE(`${P}/alert-rules/{rule}`, { params: { path: { ...r, rule } } })),
    // Not the deleted rule's own query: refetching it would answer 404 before the page moves on.
    onSuccess: (_v, rule) => queryClient.invalidateQueries({ queryKey: ruleKeys.rules(r), predicate: (q) => q.queryKey[6] !== rule }),
  });
}
