import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline } from "@/lib/query-client";
import type { AlertChannel, ChannelKind, LabelMatcher, NotificationPolicy, ProjectRef } from "./alert-types";

const P = "/api/v1/orgs/{org}/projects/{project}" as const;

const keys = {
  channels: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "alert-channels"] as const,
  policy: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "notification-policy"] as const,
  silences: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "silences"] as const,
  notifications: (r: ProjectRef) => ["orgs", r.org, "projects", r.project, "alert-notifications"] as const,
};

export function useChannels(r: ProjectRef) {
  return useQuery({
    queryKey: keys.channels(r),
    queryFn: () => unwrap(api.GET(`${P}/alert-channels`, { params: { path: r } })).then((x) => x.channels),
  });
}

export interface ChannelBody {
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  send_resolved: boolean;
}

export function useSaveChannel(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ id, body }: { id: string | null; body: ChannelBody }): Promise<AlertChannel> =>
      id
        ? unwrap(api.PATCH(`${P}/alert-channels/{channel}`, { params: { path: { ...r, channel: id } }, body: { name: body.name, config: body.config as never, send_resolved: body.send_resolved } }))
        : unwrap(api.POST(`${P}/alert-channels`, { params: { path: r }, body: { ...body, config: body.config as never } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.channels(r) }),
  });
}

export function useDeleteChannel(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (id: string) => unwrap(api.DELETE(`${P}/alert-channels/{channel}`, { params: { path: { ...r, channel: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.channels(r) }),
  });
}

export function useTestChannel(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (id: string) => unwrap(api.POST(`${P}/alert-channels/{channel}/test`, { params: { path: { ...r, channel: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.notifications(r) }),
  });
}

export function usePolicy(r: ProjectRef) {
  return useQuery({ queryKey: keys.policy(r), queryFn: () => unwrap(api.GET(`${P}/notification-policy`, { params: { path: r } })) });
}

export function useSavePolicy(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: NotificationPolicy) => unwrap(api.PUT(`${P}/notification-policy`, { params: { path: r }, body })),
    onSuccess: (p) => queryClient.setQueryData(keys.policy(r), p),
  });
}

export function useSilences(r: ProjectRef, includeExpired: boolean) {
  return useQuery({
    queryKey: [...keys.silences(r), includeExpired],
    queryFn: () => unwrap(api.GET(`${P}/silences`, { params: { path: r, query: { include_expired: includeExpired ? "true" : "false" } } })).then((x) => x.silences),
  });
}

export function useCreateSilence(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { matchers: LabelMatcher[]; duration_seconds: number; comment: string }) =>
      unwrap(api.POST(`${P}/silences`, { params: { path: r }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.silences(r) }),
  });
}

export function useExpireSilence(r: ProjectRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE(`${P}/silences/{silence}`, { params: { path: { ...r, silence: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.silences(r) }),
  });
}

export function useNotifications(r: ProjectRef, filter: { channel?: string; status?: string }) {
  return useQuery({
    queryKey: [...keys.notifications(r), filter],
    queryFn: () =>
      unwrap(
        api.GET(`${P}/alert-notifications`, {
          params: { path: r, query: { ...(filter.channel ? { channel: filter.channel } : {}), ...(filter.status ? { status: filter.status as "pending" } : {}), limit: 200 } },
        }),
      ).then((x) => x.notifications),
    refetchInterval: 10_000,
  });
}
