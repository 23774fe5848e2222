import { useMutation } from "@tanstack/react-query";
import { unwrap } from "@/lib/api/client";
import { announceSignIn, authClient, startSession } from "@/lib/auth/refresh";
import { errorShownInline, queryClient } from "@/lib/query-client";
import type { TokenPair } from "@/lib/api/types";

// Sign-in answers set the HttpOnly refresh cookie; the access token goes to memory only.
function signedIn(pair: TokenPair) {
  startSession(pair);
  announceSignIn();
  return pair;
}

export function useLogin() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(authClient.POST("/api/v1/auth/login", { body, credentials: "same-origin" })).then(signedIn),
  });
}

export function useSignup() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { email: string; password: string; name: string; invitation_token?: string }) =>
      unwrap(authClient.POST("/api/v1/auth/signup", { body, credentials: "same-origin" })).then(signedIn),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { email: string }) => unwrap(authClient.POST("/api/v1/auth/password-reset/request", { body })),
  });
}

export function useResetPassword() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { token: string; new_password: string }) =>
      unwrap(authClient.POST("/api/v1/auth/password-reset", { body })),
  });
}

export function useVerifyEmail() {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (token: string) => unwrap(authClient.POST("/api/v1/auth/verify-email", { body: { token } })),
  });
}
