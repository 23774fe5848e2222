import createClient from "openapi-fetch";
import type { paths } from "@/lib/api/schema.gen";
import { apiBaseUrl } from "@/lib/api/base-url";
import type { TokenPair } from "@/lib/api/types";
import { RETRY_AFTER_FAILURE_MS, refreshDelayMs } from "./refresh-timing";
import { announce, onAnnouncement } from "./cross-tab";
import { acceptTokens, clearSession, getSessionState, markExpired } from "./session-store";
import { forgetSession, mayHaveSession, noteSession } from "./session-hint";

// Auth endpoints go through a plain client: they must not recurse into the refresh-on-401 logic.
const authClient = createClient<paths>({ baseUrl: apiBaseUrl(), fetch: (r: Request) => globalThis.fetch(r) });

let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

function schedule(delayMs: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void refreshSession(), delayMs);
}

/** Starts a session from a sign-in (login, signup, refresh) and schedules its renewal. */
export function startSession(pair: TokenPair) {
  acceptTokens(pair);
  noteSession();
  schedule(refreshDelayMs(pair.expires_in));
}

async function requestRefresh(): Promise<boolean> {
  // The refresh token travels only in the HttpOnly cookie (Path=/api/v1/auth): the body stays
  // empty, and the token the server also returns in its body is deliberately not kept.
  const { data, response } = await authClient.POST("/api/v1/auth/refresh", { credentials: "same-origin" });
  if (data) {
    startSession(data);
    return true;
  }
  if (response.status === 401) {
    clearTimeout(timer);
    forgetSession();
    markExpired();
    return false;
  }
  schedule(RETRY_AFTER_FAILURE_MS);
  return false;
}

async function refreshAcrossTabs(): Promise<boolean> {
  // Refresh tokens rotate and a reused one revokes the session, so two tabs must never refresh at
  // once with the same cookie: a Web Lock serialises them (the second tab then sends the new cookie).
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return requestRefresh();
  return locks.request("cairn-session-refresh", () => requestRefresh());
}

/** Renews the access token once, however many callers ask at the same time. */
export function refreshSession(): Promise<boolean> {
  inFlight ??= refreshAcrossTabs()
    .catch(() => {
      schedule(RETRY_AFTER_FAILURE_MS);
      return false;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/**
 * At start-up: a refresh cookie from an earlier visit signs the user in without a password. Without
 * a sign-in in this browser there is no cookie to try, and the server's 401 would only be noise.
 */
export async function restoreSession(): Promise<void> {
  if (!mayHaveSession()) {
    clearSession();
    return;
  }
  const ok = await refreshSession();
  if (!ok) clearSession();
}

export async function signOut(): Promise<void> {
  clearTimeout(timer);
  try {
    await authClient.POST("/api/v1/auth/logout", { credentials: "same-origin" });
  } finally {
    forgetSession();
    clearSession();
    announce("signed-out");
  }
}

/** After a password sign-in (not a refresh): other tabs may renew from the new cookie. */
export function announceSignIn() {
  announce("signed-in");
}

onAnnouncement((message) => {
  if (message === "signed-out") {
    clearTimeout(timer);
    clearSession();
  } else if (getSessionState().status === "expired") {
    void refreshSession();
  }
});

export { authClient };
