import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema.gen";
import { errorShownInline, queryClient } from "@/lib/query-client";

type CreateApiKey = components["schemas"]["CreateApiKeyRequest"];
const keysKey = (org: string) => ["orgs", org, "api-keys"] as const;

export function useApiKeys(org: string, cursor: string | undefined) {
  return useQuery({
    queryKey: [...keysKey(org), cursor ?? ""],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/api-keys", { params: { path: { org }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useApiKeyUsage(org: string, keyId: string) {
  return useQuery({
    queryKey: [...keysKey(org), keyId, "usage"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/api-keys/{key_id}/usage", { params: { path: { org, key_id: keyId } } })),
  });
}

export function useCreateApiKey(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: CreateApiKey) => unwrap(api.POST("/api/v1/orgs/{org}/api-keys", { params: { path: { org } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(org) }),
  });
}

export function useRotateApiKey(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ keyId, graceSeconds }: { keyId: string; graceSeconds: number }) =>
      unwrap(
        api.POST("/api/v1/orgs/{org}/api-keys/{key_id}/rotate", {
          params: { path: { org, key_id: keyId } },
          body: { grace_period_seconds: graceSeconds },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(org) }),
  });
}

export function useRevokeApiKey(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (keyId: string) => unwrap(api.DELETE("/api/v1/orgs/{org}/api-keys/{key_id}", { params: { path: { org, key_id: keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(org) }),
  });
}

/** Projects to restrict a key to (first 200 by name; a key may also cover the whole organization). */
export function useProjectChoices(org: string) {
  return useQuery({
    queryKey: ["orgs", org, "projects", "choices"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects", { params: { path: { org }, query: { limit: 200, sort: "name" } } })).then((r) => r.items),
  });
}
