import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema.gen";
import type { Role } from "@/lib/api/types";
import { errorShownInline, invalidateAfterDelete, type MutationMeta, queryClient } from "@/lib/query-client";

export type ProjectListParams = NonNullable<operations["listProjects"]["parameters"]["query"]>;
export type ProjectSort = NonNullable<ProjectListParams["sort"]>;
type CreateProject = components["schemas"]["CreateProjectRequest"];
type UpdateProject = components["schemas"]["UpdateProjectRequest"];

export const projectKeys = {
  all: (org: string) => ["orgs", org, "projects"] as const,
  list: (org: string, params: ProjectListParams) => ["orgs", org, "projects", "list", params] as const,
  one: (org: string, project: string) => ["orgs", org, "projects", project] as const,
};

export function useProjects(org: string, params: ProjectListParams) {
  return useQuery({
    queryKey: projectKeys.list(org, params),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects", { params: { path: { org }, query: params } })),
    // Keep the current page on screen while the next one (or a new search) loads.
    placeholderData: keepPreviousData,
  });
}

export function useProject(org: string, project: string) {
  return useQuery({
    queryKey: projectKeys.one(org, project),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}", { params: { path: { org, project } } })),
  });
}

export function useProjectStats(org: string, project: string) {
  return useQuery({
    queryKey: [...projectKeys.one(org, project), "stats"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/stats", { params: { path: { org, project } } })),
  });
}

export function useCreateProject(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: CreateProject) => unwrap(api.POST("/api/v1/orgs/{org}/projects", { params: { path: { org } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.all(org) }),
  });
}

export function useUpdateProject(org: string, project: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: UpdateProject) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/projects/{project}", { params: { path: { org, project } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.all(org) }),
  });
}

export function useDeleteProject(org: string, project: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: () => unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}", { params: { path: { org, project } } })),
    onSuccess: () => invalidateAfterDelete(projectKeys.all(org), projectKeys.one(org, project)),
  });
}

const membersKey = (org: string, project: string) => [...projectKeys.one(org, project), "members"];

export function useProjectMembers(org: string, project: string) {
  return useQuery({
    queryKey: membersKey(org, project),
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/members", { params: { path: { org, project } } })).then((r) => r.items),
  });
}

/** Adds a project member or changes their role; a failure toasts unless `meta` is errorShownInline (the add form shows it). */
export function useSetProjectMember(org: string, project: string, meta?: MutationMeta) {
  return useMutation({
    meta,
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      unwrap(
        api.PUT("/api/v1/orgs/{org}/projects/{project}/members/{user_id}", {
          params: { path: { org, project, user_id: userId } },
          body: { role },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(org, project) }),
  });
}

export function useRemoveProjectMember(org: string, project: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (userId: string) =>
      unwrap(api.DELETE("/api/v1/orgs/{org}/projects/{project}/members/{user_id}", { params: { path: { org, project, user_id: userId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(org, project) }),
  });
}

/** The organization's people, to pick a new project member from (first 200, ordered by name). */
export function useOrgPeople(org: string) {
  return useQuery({
    queryKey: ["orgs", org, "members", "picker"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/members", { params: { path: { org }, query: { limit: 200 } } })).then((r) => r.items),
  });
}
