import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { operations } from "@/lib/api/schema.gen";

export type AuditFilters = Omit<NonNullable<operations["listAuditEvents"]["parameters"]["query"]>, "limit" | "cursor">;

export function useAuditEvents(org: string, filters: AuditFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: ["orgs", org, "audit", filters, cursor ?? ""],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/audit-log", { params: { path: { org }, query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}
