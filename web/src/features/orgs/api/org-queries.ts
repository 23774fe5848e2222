import { queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline, invalidateAfterDelete, type MutationMeta, queryClient } from "@/lib/query-client";
import type { components } from "@/lib/api/schema.gen";

type CreateOrg = components["schemas"]["CreateOrganizationRequest"];
type UpdateOrg = components["schemas"]["UpdateOrganizationRequest"];

export const orgKeys = {
  all: ["orgs"] as const,
  one: (org: string) => ["orgs", org] as const,
};

export const orgsQuery = queryOptions({
  queryKey: orgKeys.all,
  queryFn: () => unwrap(api.GET("/api/v1/orgs")).then((r) => r.items),
});

export function useOrgs() {
  return useQuery(orgsQuery);
}

export function useOrg(org: string) {
  return useQuery({
    queryKey: orgKeys.one(org),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}", { params: { path: { org } } })),
  });
}

export function useCreateOrg() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: CreateOrg) => unwrap(api.POST("/api/v1/orgs", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

/** Changes the organization; a failure toasts unless `meta` is errorShownInline (the settings form shows it). */
export function useUpdateOrg(org: string, meta?: MutationMeta) {
  return useMutation({
    meta,
    mutationFn: (body: UpdateOrg) => unwrap(api.PATCH("/api/v1/orgs/{org}", { params: { path: { org } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export function useDeleteOrg(org: string) {
  return useMutation({
    meta: errorShownInline,
    // The server wants the slug typed back (`confirm`), the same check the dialog makes.
    mutationFn: (confirm: string) => unwrap(api.DELETE("/api/v1/orgs/{org}", { params: { path: { org }, query: { confirm } } })),
    onSuccess: () => invalidateAfterDelete(orgKeys.all, orgKeys.one(org)),
  });
}
