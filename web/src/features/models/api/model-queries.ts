import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema.gen";
import { errorShownInline, invalidateAfterDelete, queryClient } from "@/lib/query-client";

export type RegisteredModel = components["schemas"]["RegisteredModel"];
export type ModelVersion = components["schemas"]["ModelVersion"];
export type ModelStage = components["schemas"]["ModelStage"];
export type ModelFile = components["schemas"]["ModelFile"];
export type StageTransition = components["schemas"]["StageTransition"];
export type ModelListParams = NonNullable<operations["listRegisteredModels"]["parameters"]["query"]>;
export type ModelSort = NonNullable<ModelListParams["sort"]>;

export const MODEL_STAGES: readonly ModelStage[] = ["development", "staging", "production", "archived"];

/** Identifies a model in paths: organization, project, and the model's name or id. */
export interface ModelRef {
  org: string;
  project: string;
  model: string;
}

const keys = {
  models: (org: string, project: string) => ["orgs", org, "projects", project, "models"] as const,
  model: (r: ModelRef) => ["orgs", r.org, "projects", r.project, "models", r.model] as const,
};

export function useModels(org: string, project: string, params: ModelListParams) {
  return useQuery({
    queryKey: [...keys.models(org, project), "list", params],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models", { params: { path: { org, project }, query: params } })),
    placeholderData: keepPreviousData,
  });
}

export function useModel(r: ModelRef) {
  return useQuery({
    queryKey: keys.model(r),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}", { params: { path: r } })),
  });
}

export function useCreateModel(org: string, project: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: components["schemas"]["CreateRegisteredModelRequest"]) =>
      unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/models", { params: { path: { org, project } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.models(org, project) }),
  });
}

export function useUpdateModel(r: ModelRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: components["schemas"]["UpdateRegisteredModelRequest"]) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/projects/{project}/models/{model}", { params: { path: r }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.models(r.org, r.project) }),
  });
}

export function useDeleteModel(r: ModelRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: () => unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}/models/{model}", { params: { path: r } })),
    onSuccess: () => invalidateAfterDelete(keys.models(r.org, r.project), keys.model(r)),
  });
}

export function useModelVersions(r: ModelRef, cursor: string | undefined) {
  return useQuery({
    queryKey: [...keys.model(r), "versions", cursor ?? ""],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions", {
          params: { path: r, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useModelVersion(r: ModelRef, version: number) {
  return useQuery({
    queryKey: [...keys.model(r), "versions", "one", version],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}", { params: { path: { ...r, version } } })),
  });
}

export function useUpdateModelVersion(r: ModelRef, version: number) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (description: string) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}", { params: { path: { ...r, version } }, body: { description } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.model(r) }),
  });
}

export function useVersionFiles(r: ModelRef, version: number) {
  return useQuery({
    queryKey: [...keys.model(r), "versions", "one", version, "files"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/files", { params: { path: { ...r, version } } })).then(
        (x) => x.items,
      ),
  });
}

export function useStageHistory(r: ModelRef, version?: number) {
  return useQuery({
    queryKey: [...keys.model(r), "stage-history", version ?? "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/stage-history", {
          params: { path: r, query: { limit: 100, ...(version ? { version } : {}) } },
        }),
      ).then((x) => x.items),
  });
}

export function useTransitionStage(r: ModelRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ version, ...body }: { version: number; stage: ModelStage; comment: string; archive_existing: boolean }) =>
      unwrap(api.POST("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/stage", { params: { path: { ...r, version } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.models(r.org, r.project) }),
  });
}

export function useSetAlias(r: ModelRef) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ alias, version }: { alias: string; version: number }) =>
      unwrap(api.PUT("/api/v1/orgs/{org}/projects/{project}/models/{model}/aliases/{alias}", { params: { path: { ...r, alias } }, body: { version } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.model(r) }),
  });
}

export function useDeleteAlias(r: ModelRef) {
  return useMutation({
    mutationFn: (alias: string) => unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}/models/{model}/aliases/{alias}", { params: { path: { ...r, alias } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.model(r) }),
  });
}

export function useCompareVersions(r: ModelRef, versions: number[]) {
  return useQuery({
    queryKey: [...keys.model(r), "compare", versions],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/compare", { params: { path: r, query: { versions: versions.join(",") } } })),
    enabled: versions.length >= 2,
  });
}

/** After an upload created a version: the model's lists and counts change. */
export function invalidateModel(r: ModelRef) {
  return queryClient.invalidateQueries({ queryKey: keys.models(r.org, r.project) });
}
