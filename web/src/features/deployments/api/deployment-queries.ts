import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema.gen";
import { errorShownInline, invalidateAfterDelete, queryClient } from "@/lib/query-client";

// The generated schemas this feature uses, named beside its queries; lib/api/types.ts names the ones
// several features share. The two lists look alike by design (one alias a line).
type Schemas = components["schemas"];
export type Environment = Schemas["Environment"];
export type EnvironmentTier = Schemas["EnvironmentTier"];
export type Deployment = Schemas["Deployment"];
export type DeploymentState = Schemas["DeploymentState"];
export type DeploymentConfig = Schemas["DeploymentConfig"];
export type DeploymentConfigInput = Schemas["DeploymentConfigInput"];
export type DeploymentSource = Schemas["DeploymentSource"];
export type CreateDeploymentRequest = Schemas["CreateDeploymentRequest"];
export type Revision = Schemas["Revision"];
export type RevisionDiff = Schemas["RevisionDiff"];
export type Traffic = Schemas["Traffic"];
export type DeploymentEvent = Schemas["DeploymentEvent"];
export type LogLine = Schemas["LogLine"];
export type DeploymentStats = Schemas["DeploymentStats"];
export type ModelVersion = Schemas["ModelVersion"];
export type Monitor = Schemas["Monitor"];

/** The project of the current page, as the paths name it. */
export interface ProjectRef {
  org: string;
  project: string;
}

/** A deployment in paths: its project and its name (or id). */
export interface DeploymentRef extends ProjectRef {
  deployment: string;
}

const P = "/api/v1/orgs/{org}/projects/{project}" as const;
const D = `${P}/deployments/{deployment}` as const;

const keys = {
  environments: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "environments"] as const,
  deployments: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "deployments"] as const,
  deployment: (r: DeploymentRef) => ["orgs", r.org, "projects", r.project, "deployments", r.deployment] as const,
};

/** How often live data refreshes: status while it changes, statistics on the list and the charts. */
export const STATUS_POLL_MS = 3_000;
export const STATS_POLL_MS = 10_000;

const SETTLED: readonly DeploymentState[] = ["healthy", "failed", "stopped"];

export function useEnvironments(r: ProjectRef) {
  return useQuery({
    queryKey: keys.environments(r),
    queryFn: () => unwrap(api.GET(`${P}/environments`, { params: { path: r } })).then((x) => x.environments),
  });
}

export function useCreateEnvironment(r: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: Schemas["CreateEnvironmentRequest"]) => unwrap(api.POST(`${P}/environments`, { params: { path: r }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.environments(r) }),
  });
}

export function useUpdateEnvironment(r: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ environment, ...body }: { environment: string } & Schemas["UpdateEnvironmentRequest"]) =>
      unwrap(api.PATCH(`${P}/environments/{environment}`, { params: { path: { ...r, environment } }, body })),
    // Deployments follow a rename.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.environments(r) }), queryClient.invalidateQueries({ queryKey: keys.deployments(r) })]),
  });
}

export function useDeleteEnvironment(r: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (environment: string) => unwrap(api.DELETE(`${P}/environments/{environment}`, { params: { path: { ...r, environment } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.environments(r) }),
  });
}

export function useDeployments(r: ProjectRef) {
  return useQuery({
    queryKey: [...keys.deployments(r), "list"],
    // The list is not paged: a project holds few deployments.
    queryFn: () => unwrap(api.GET(`${P}/deployments`, { params: { path: r } })).then((x) => x.deployments),
    refetchInterval: STATS_POLL_MS,
  });
}

export function useDeployment(r: DeploymentRef) {
  return useQuery({
    queryKey: keys.deployment(r),
    queryFn: () => unwrap(api.GET(D, { params: { path: r } })),
    // Poll quickly while the deployment moves between states, slowly once it settled.
    refetchInterval: (q) => (q.state.data && SETTLED.includes(q.state.data.status.state) ? STATS_POLL_MS : STATUS_POLL_MS),
  });
}

function afterChange(r: DeploymentRef, d: Deployment) {
  queryClient.setQueryData(keys.deployment(r), d);
  return queryClient.invalidateQueries({ queryKey: keys.deployments(r) });
}

export function useCreateDeployment(r: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: CreateDeploymentRequest) => unwrap(api.POST(`${P}/deployments`, { params: { path: r }, body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.deployments(r) }), queryClient.invalidateQueries({ queryKey: keys.environments(r) })]),
  });
}

export function useUpdateDeployment(r: DeploymentRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { source?: DeploymentSource; config?: DeploymentConfigInput }) => unwrap(api.PATCH(D, { params: { path: r }, body })),
    onSuccess: (d) => afterChange(r, d),
  });
}

export function useDeleteDeployment(r: DeploymentRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: () => unwrap(api.DELETE(D, { params: { path: r } })),
    onSuccess: () => invalidateAfterDelete(keys.deployments(r), keys.deployment(r)),
  });
}

export function useStopDeployment(r: DeploymentRef) {
  return useMutation({
    mutationFn: () => unwrap(api.POST(`${D}/stop`, { params: { path: r } })),
    onSuccess: (d) => afterChange(r, d),
  });
}

export function useStartDeployment(r: DeploymentRef) {
  return useMutation({
    mutationFn: () => unwrap(api.POST(`${D}/start`, { params: { path: r } })),
    onSuccess: (d) => afterChange(r, d),
  });
}

export function useRevisions(r: DeploymentRef) {
  return useQuery({
    queryKey: [...keys.deployment(r), "revisions"],
    queryFn: () => unwrap(api.GET(`${D}/revisions`, { params: { path: r } })).then((x) => x.revisions),
  });
}

export function useRevisionDiff(r: DeploymentRef, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...keys.deployment(r), "diff", from, to],
    queryFn: () => unwrap(api.GET(`${D}/revisions/{revision}/diff/{other}`, { params: { path: { ...r, revision: from!, other: to! } } })),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useRollback(r: DeploymentRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (revision: number) => unwrap(api.POST(`${D}/rollback`, { params: { path: r }, body: { revision } })),
    onSuccess: (d) => afterChange(r, d),
  });
}

export function useSetTraffic(r: DeploymentRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: Traffic) => unwrap(api.PUT(`${D}/traffic`, { params: { path: r }, body })),
    onSuccess: (d) => afterChange(r, d),
  });
}

export function useDeploymentEvents(r: DeploymentRef) {
  return useQuery({
    queryKey: [...keys.deployment(r), "events"],
    queryFn: () => unwrap(api.GET(`${D}/events`, { params: { path: r, query: { limit: 50 } } })).then((x) => x.events),
    refetchInterval: STATUS_POLL_MS,
  });
}

export function useDeploymentLogs(r: DeploymentRef, q: string) {
  return useQuery({
    queryKey: [...keys.deployment(r), "logs", q],
    queryFn: () => unwrap(api.GET(`${D}/logs`, { params: { path: r, query: { q, limit: 500 } } })).then((x) => x.lines),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useDeploymentStats(r: DeploymentRef, windowSeconds = 300) {
  return useQuery({
    queryKey: [...keys.deployment(r), "stats", windowSeconds],
    queryFn: () => unwrap(api.GET(`${D}/stats`, { params: { path: r, query: { window_seconds: windowSeconds } } })),
    refetchInterval: STATS_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

/** The monitor of a deployment's predictions (the server makes it on first ask), for the link to its dashboard. */
export function useDeploymentMonitor(r: DeploymentRef) {
  return useQuery({
    queryKey: [...keys.deployment(r), "monitor"],
    queryFn: () => unwrap(api.GET(`${D}/monitor`, { params: { path: r } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The model version a deployment serves (its signature feeds the playground). */
export function useServedVersion(r: ProjectRef, model: string, version: number) {
  return useQuery({
    queryKey: ["orgs", r.org, "projects", r.project, "models", model, "versions", "one", version],
    queryFn: () => unwrap(api.GET(`${P}/models/{model}/versions/{version}`, { params: { path: { ...r, model, version } } })),
  });
}

/** The version an alias points at now (the deploy form shows what an alias deployment starts with). */
export function useAliasTarget(r: ProjectRef, model: string, alias: string | null) {
  return useQuery({
    queryKey: ["orgs", r.org, "projects", r.project, "models", model, "aliases", alias],
    queryFn: () => unwrap(api.GET(`${P}/models/{model}/aliases/{alias}`, { params: { path: { ...r, model, alias: alias! } } })),
    enabled: alias !== null && model !== "",
  });
}
