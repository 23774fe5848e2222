import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema.gen";
import { errorShownInline, queryClient } from "@/lib/query-client";

export type Experiment = components["schemas"]["Experiment"];
export type ExperimentListParams = NonNullable<operations["listExperiments"]["parameters"]["query"]>;
export type ExperimentSort = NonNullable<ExperimentListParams["sort"]>;
export type TrackingView = components["schemas"]["TrackingView"];

/** The project a tracking call is about: the path prefix of every experiment and run endpoint. */
export interface ProjectRef {
  org: string;
  project: string;
}

export const trackingKeys = {
  experiments: (p: ProjectRef) => ["orgs", p.org, "projects", p.project, "experiments"] as const,
  experiment: (p: ProjectRef, id: string) => ["orgs", p.org, "projects", p.project, "experiments", id] as const,
  runs: (p: ProjectRef) => ["orgs", p.org, "projects", p.project, "runs"] as const,
};

export function useExperiments(p: ProjectRef, params: ExperimentListParams) {
  return useQuery({
    queryKey: [...trackingKeys.experiments(p), "list", params],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/experiments", { params: { path: p, query: params } })),
    placeholderData: keepPreviousData,
  });
}

export function useExperiment(p: ProjectRef, id: string) {
  return useQuery({
    queryKey: trackingKeys.experiment(p, id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}", { params: { path: { ...p, experiment_id: id } } })),
    enabled: id !== "",
  });
}

const invalidateExperiments = (p: ProjectRef) => queryClient.invalidateQueries({ queryKey: trackingKeys.experiments(p) });

export function useCreateExperiment(p: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: components["schemas"]["CreateExperimentRequest"]) =>
      unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/experiments", { params: { path: p }, body })),
    onSuccess: () => invalidateExperiments(p),
  });
}

export function useUpdateExperiment(p: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ id, ...body }: { id: string } & components["schemas"]["UpdateExperimentRequest"]) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}", { params: { path: { ...p, experiment_id: id } }, body })),
    onSuccess: () => invalidateExperiments(p),
  });
}

export function useDeleteExperiment(p: ProjectRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}", { params: { path: { ...p, experiment_id: id } } })),
    onSuccess: () => invalidateExperiments(p),
  });
}

export function useRestoreExperiment(p: ProjectRef) {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/restore", { params: { path: { ...p, experiment_id: id } } })),
    onSuccess: () => invalidateExperiments(p),
  });
}
