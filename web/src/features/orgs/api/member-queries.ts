import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { Role } from "@/lib/api/types";
import { errorShownInline, queryClient } from "@/lib/query-client";

const membersKey = (org: string) => ["orgs", org, "members"] as const;
const invitationsKey = (org: string) => ["orgs", org, "invitations"] as const;

export function useMembers(org: string, cursor: string | undefined) {
  return useQuery({
    queryKey: [...membersKey(org), cursor ?? ""],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/members", { params: { path: { org }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useChangeMemberRole(org: string) {
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      unwrap(api.PATCH("/api/v1/orgs/{org}/members/{user_id}", { params: { path: { org, user_id: userId } }, body: { role } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey(org) }),
  });
}

export function useRemoveMember(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (userId: string) => unwrap(api.DELETE("/api/v1/orgs/{org}/members/{user_id}", { params: { path: { org, user_id: userId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(org) }),
  });
}

export function useInvitations(org: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(org),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/invitations", { params: { path: { org }, query: { limit: 200 } } })).then((r) => r.items),
    enabled,
  });
}

export function useInvite(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { email: string; role: Role }) => unwrap(api.POST("/api/v1/orgs/{org}/invitations", { params: { path: { org } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(org) }),
  });
}

export function useResendInvitation(org: string) {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/orgs/{org}/invitations/{invitation_id}/resend", { params: { path: { org, invitation_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(org) }),
  });
}

export function useRevokeInvitation(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/orgs/{org}/invitations/{invitation_id}", { params: { path: { org, invitation_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(org) }),
  });
}
