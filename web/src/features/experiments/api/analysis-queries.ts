import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema.gen";
import { trackingKeys, type ProjectRef } from "./experiment-queries";

export type ExperimentKeys = components["schemas"]["ExperimentKeys"];
export type MetricSeries = components["schemas"]["MetricSeries"];
export type MetricSeriesRequest = components["schemas"]["MetricSeriesRequest"];

/** Every param, metric and tag key of an experiment's runs: the column chooser and the chart panels. */
export function experimentKeysQuery(p: ProjectRef, experimentId: string) {
  return {
    queryKey: [...trackingKeys.experiment(p, experimentId), "keys"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/keys", { params: { path: { ...p, experiment_id: experimentId } } })),
    staleTime: 30_000,
  };
}

export function useExperimentKeys(p: ProjectRef, experimentId: string) {
  return useQuery({ ...experimentKeysQuery(p, experimentId), enabled: experimentId !== "" });
}

export function fetchMetricSeries(p: ProjectRef, body: MetricSeriesRequest) {
  return unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/runs/metrics/histories", { params: { path: p }, body }));
}

/**
 * Many runs' histories of one or more metrics in one call, downsampled per history by the server;
 * a zoomed window (start_step/end_step) asks for that window only, so it is exact.
 */
export function useMetricSeries(p: ProjectRef, body: MetricSeriesRequest, enabled = true) {
  return useQuery({
    queryKey: [...trackingKeys.runs(p), "series", body],
    queryFn: () => fetchMetricSeries(p, body),
    enabled: enabled && body.run_ids.length > 0 && body.keys.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
