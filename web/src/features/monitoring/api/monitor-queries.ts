import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema.gen";
import { errorShownInline, queryClient } from "@/lib/query-client";
import { isFollowed } from "./live-updates";
import { isLive, rangeKey, resolveRange, type Span, type TimeRange } from "../time-range";
import type { DriftReport, PerformanceReport, QualityReport, ReportKind, SeriesReport, ServiceReport } from "./report-types";

type Schemas = components["schemas"];
export type Monitor = Schemas["Monitor"];
export type MonitorConfig = Schemas["MonitorConfig"];
export type MonitorReference = Schemas["MonitorReference"];
export type DriftMethod = NonNullable<Schemas["DriftMethodOrNull"]>;

/** The project of the current page, as the paths name it. */
export interface ProjectRef {
  org: string;
  project: string;
}

/** A monitor in paths: its project and its name (or id). */
export interface MonitorRef extends ProjectRef {
  monitor: string;
}

const P = "/api/v1/orgs/{org}/projects/{project}" as const;
const M = `${P}/monitors/{monitor}` as const;

/** Reports of a range that ends now refresh this often while the dashboard's update stream is down. */
export const LIVE_POLL_MS = 10_000;
/** ... and this often while it is up (each update refetches at once; this is a safety net). */
export const FOLLOWED_POLL_MS = 60_000;

const keys = {
  monitors: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "monitors"] as const,
  monitor: (r: MonitorRef) => ["orgs", r.org, "projects", r.project, "monitors", r.monitor] as const,
};

/** The path of a monitor's report, for downloads (`?format=csv`). */
export function reportPath(r: MonitorRef, kind: ReportKind, query: Record<string, string | number>): string {
  const base = `/api/v1/orgs/${encodeURIComponent(r.org)}/projects/${encodeURIComponent(r.project)}/monitors/${encodeURIComponent(r.monitor)}/${kind}`;
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return `${base}?${search}`;
}

/**
 * The options every report query shares: keyed by the range's name when it ends now (its times are
 * taken when the query runs, so each refresh moves the window), refreshed every 10 s while live, and
 * the previous answer kept on screen while the next range loads.
 */
function reportOptions<T>(r: MonitorRef, kind: string, range: TimeRange, extra: unknown[], load: (span: Span) => Promise<T>) {
  return {
    queryKey: [...keys.monitor(r), kind, rangeKey(range), ...extra],
    queryFn: () => load(resolveRange(range)),
    refetchInterval: () => (isLive(range) ? (isFollowed(r) ? FOLLOWED_POLL_MS : LIVE_POLL_MS) : (false as const)),
    placeholderData: keepPreviousData,
  };
}

export function useMonitors(r: ProjectRef) {
  return useQuery({
    queryKey: keys.monitors(r),
    queryFn: () => unwrap(api.GET(`${P}/monitors`, { params: { path: r } })).then((x) => x.monitors),
  });
}

export function useMonitor(r: MonitorRef) {
  return useQuery({ queryKey: keys.monitor(r), queryFn: () => unwrap(api.GET(M, { params: { path: r } })) });
}

/** Names of the project's deployments by id (a monitor names its deployment by id). */
export function useDeploymentNames(r: ProjectRef) {
  return useQuery({
    queryKey: ["orgs", r.org, "projects", r.project, "deployments", "names"],
    queryFn: () =>
      unwrap(api.GET(`${P}/deployments`, { params: { path: r } })).then((x) => new Map(x.deployments.map((d) => [d.id, d.name]))),
  });
}

/** The service report; `byRevision` splits each bucket by the deployment revision that answered (canaries, rollouts). */
export function useServiceReport(r: MonitorRef, range: TimeRange, byRevision = false) {
  return useQuery(
    reportOptions(
      r,
      "service",
      range,
      [byRevision],
      ({ from, to }) =>
        unwrap(
          api.GET(`${M}/service`, { params: { path: r, query: { from, to, ...(byRevision ? { group_by: "revision" as const } : {}) } } }),
        ) as Promise<ServiceReport>,
    ),
  );
}

export function useDriftReport(r: MonitorRef, range: TimeRange, baseline: Span | null = null) {
  return useQuery(
    reportOptions(
      r,
      "drift",
      range,
      [baseline?.from ?? null, baseline?.to ?? null],
      ({ from, to }) =>
        unwrap(
          api.GET(`${M}/drift`, { params: { path: r, query: baseline ? { from, to, baseline_from: baseline.from, baseline_to: baseline.to } : { from, to } } }),
        ) as Promise<DriftReport>,
    ),
  );
}

export function useQualityReport(r: MonitorRef, range: TimeRange) {
  return useQuery(
    reportOptions(
      r,
      "quality",
      range,
      [],
      ({ from, to }) => unwrap(api.GET(`${M}/quality`, { params: { path: r, query: { from, to } } })) as Promise<QualityReport>,
    ),
  );
}

export function usePerformanceReport(r: MonitorRef, range: TimeRange) {
  return useQuery(
    reportOptions(
      r,
      "performance",
      range,
      [],
      ({ from, to }) => unwrap(api.GET(`${M}/performance`, { params: { path: r, query: { from, to } } })) as Promise<PerformanceReport>,
    ),
  );
}

/** Series stored by the evaluation job; `name` may end with `*` (`drift_score:*`). */
export function useSeries(r: MonitorRef, range: TimeRange, name: string) {
  return useQuery(
    reportOptions(
      r,
      "series",
      range,
      [name],
      ({ from, to }) => unwrap(api.GET(`${M}/series`, { params: { path: r, query: { from, to, name } } })) as Promise<SeriesReport>,
    ),
  );
}

export function useUpdateMonitor(r: MonitorRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (config: MonitorConfig) => unwrap(api.PATCH(M, { params: { path: r }, body: { config } })),
    onSuccess: (m) => {
      queryClient.setQueryData(keys.monitor(r), m);
      // Reports depend on the configuration (tests, thresholds, ignored features).
      return queryClient.invalidateQueries({ queryKey: keys.monitor(r), predicate: (q) => q.queryKey.length > keys.monitor(r).length });
    },
  });
}

/** The reference as a CSV file (one column per feature), records (a Parquet file's rows), a window of production traffic or a logged dataset. */
export type ReferenceSource =
  | { csv: string }
  | { parquet: Blob }
  | { records: { features: Record<string, string | number | boolean | null> }[] }
  | { window: Span }
  | { dataset: { run_id?: string; name?: string } };

export function useSetReference(r: MonitorRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (source: ReferenceSource) =>
      "parquet" in source
        ? // The file's bytes as they are: the server reads Parquet (openapi-fetch would JSON-encode them).
          source.parquet.arrayBuffer().then((bytes) =>
            unwrap(
              api.PUT(`${M}/reference`, {
                params: { path: r },
                body: bytes as unknown as string,
                bodySerializer: (b) => b as unknown as ArrayBuffer,
                headers: { "Content-Type": "application/vnd.apache.parquet" },
              }),
            ),
          )
        : "csv" in source
        ? // The CSV goes as it is (openapi-fetch would JSON-encode it).
          unwrap(
            api.PUT(`${M}/reference`, { params: { path: r }, body: source.csv, bodySerializer: (b) => b as string, headers: { "Content-Type": "text/csv" } }),
          )
        : "records" in source
          ? unwrap(api.PUT(`${M}/reference`, { params: { path: r }, body: { records: source.records } }))
          : "window" in source
            ? unwrap(api.PUT(`${M}/reference`, { params: { path: r }, body: { window: source.window } }))
            : unwrap(api.PUT(`${M}/reference`, { params: { path: r }, body: { dataset: source.dataset } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.monitor(r) }),
  });
}
