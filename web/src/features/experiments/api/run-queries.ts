import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema.gen";
import { errorShownInline, type MutationMeta, queryClient } from "@/lib/query-client";
import { trackingKeys, type ProjectRef } from "./experiment-queries";

export type Run = components["schemas"]["Run"];
export type RunComparison = components["schemas"]["RunComparison"];
export type MetricPoint = components["schemas"]["MetricPoint"];
export type MetricValue = components["schemas"]["MetricValue"];
export type SearchRunsRequest = components["schemas"]["SearchRunsRequest"];
export type RunSearchPage = components["schemas"]["RunSearchPage"];

export function useSearchRuns(p: ProjectRef, body: SearchRunsRequest, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...trackingKeys.runs(p), "search", body],
    queryFn: () => unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/runs/search", { params: { path: p }, body })),
    // The page on screen stays while the next page, a new sort or a new filter loads.
    placeholderData: keepPreviousData,
  });
}

export function useRun(p: ProjectRef, runId: string) {
  return useQuery({
    queryKey: [...trackingKeys.runs(p), runId],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}", { params: { path: { ...p, run_id: runId } } })),
  });
}

export function useUpdateRunNotes(p: ProjectRef, runId: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (notes: string) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}", { params: { path: { ...p, run_id: runId } }, body: { notes } })),
    onSuccess: (run) => queryClient.setQueryData([...trackingKeys.runs(p), runId], run),
  });
}

export function useCompareRuns(p: ProjectRef, runIds: string[]) {
  return useQuery({
    queryKey: [...trackingKeys.runs(p), "compare", runIds],
    queryFn: () => unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/runs/compare", { params: { path: p }, body: { run_ids: runIds } })),
    enabled: runIds.length >= 2,
  });
}

/** A step window of a chart (after a zoom); undefined for the whole history. */
export interface StepRange {
  min: number;
  max: number;
}

/**
 * One metric of several runs, downsampled by the server to about the chart's width in points, so a
 * history of 100,000+ points costs one screenful of data. A zoomed window asks again at full width.
 */
export function useMetricHistories(p: ProjectRef, runIds: string[], key: string, maxPoints: number) {
  return useQuery({
    queryKey: [...trackingKeys.runs(p), "histories", key, runIds, maxPoints],
    queryFn: () =>
      unwrap(
        api.POST("/api/v1/orgs/{org}/projects/{project}/metrics/history", {
          params: { path: p },
          body: { run_ids: runIds, key, max_points: maxPoints },
        }),
      ),
    enabled: runIds.length > 0 && maxPoints >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useRunArtifacts(p: ProjectRef, runId: string, path: string) {
  return useQuery({
    queryKey: [...trackingKeys.runs(p), runId, "artifacts", path],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts", {
          params: { path: { ...p, run_id: runId }, query: path ? { path } : {} },
        }),
      ),
  });
}

/**
 * Deletes (soft) or restores a run; the run's page and every runs list show the change. A failure
 * toasts unless `meta` is errorShownInline (the delete dialog shows it).
 */
export function useSetRunDeleted(p: ProjectRef, runId: string, meta?: MutationMeta) {
  return useMutation({
    meta,
    mutationFn: (deleted: boolean) => {
      const path = { params: { path: { ...p, run_id: runId } } };
      return deleted
        ? unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}", path))
        : unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/restore", path));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trackingKeys.runs(p) }),
  });
}

export type RunGroupsRequest = components["schemas"]["RunGroupsRequest"];
export type RunGroups = components["schemas"]["RunGroups"];

/** The grid's groups over every run of the search (not the page), with metric aggregates; off when `enabled` is false. */
export function useRunGroups(p: ProjectRef, body: RunGroupsRequest, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: [...trackingKeys.runs(p), "groups", body],
    queryFn: () => unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/runs/groups", { params: { path: p }, body })),
    placeholderData: keepPreviousData,
  });
}
