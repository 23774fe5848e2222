import { useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { updateUser } from "@/lib/auth/session-store";
import { errorShownInline, queryClient } from "@/lib/query-client";

const sessionsKey = ["me", "sessions"] as const;

export function useUpdateName() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (name: string) => unwrap(api.PATCH("/api/v1/me", { body: { name } })),
    // The shell shows the name from the session: keep it in step.
    onSuccess: (me) => updateUser(me),
  });
}

export function useChangePassword() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { current_password: string; new_password: string }) => unwrap(api.POST("/api/v1/me/password", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => unwrap(api.GET("/api/v1/me/sessions")).then((r) => r.items) });
}

export function useRevokeSession() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
