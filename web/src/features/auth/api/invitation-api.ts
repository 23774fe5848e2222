import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline, queryClient } from "@/lib/query-client";

export function useAcceptInvitation() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/invitations/accept", { body: { token } })),
    // The new organization must appear in the switcher.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
