import type { TokenPair, User } from "@/lib/api/types";

/**
 * `loading`: restoring the session from the refresh cookie at start-up. `expired`: the session
 * ended while the user was working; the page stays mounted and a dialog asks to sign in again.
 */
export type SessionStatus = "loading" | "signed-in" | "signed-out" | "expired";

export interface SessionState {
  status: SessionStatus;
  user: User | null;
}

// The access token lives only in this module's memory: never in localStorage or a readable
// cookie, so an injected script cannot lift it from storage, and it is gone when the tab closes.
let accessToken: string | null = null;
let state: SessionState = { status: "loading", user: null };
const listeners = new Set<() => void>();
let reauthWaiters: Array<(signedIn: boolean) => void> = [];

function setState(next: SessionState) {
  state = next;
  listeners.forEach((l) => l());
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** Holds a new token pair; wakes every request that was waiting for the user to sign in again. */
export function acceptTokens(pair: TokenPair) {
  accessToken = pair.access_token;
  setState({ status: "signed-in", user: pair.user });
  const waiters = reauthWaiters;
  reauthWaiters = [];
  waiters.forEach((w) => w(true));
}

export function updateUser(user: User) {
  if (state.user) setState({ ...state, user });
}

/** The session could not be renewed: keep the user (for the sign-in-again dialog), drop the token. */
export function markExpired() {
  accessToken = null;
  if (state.status === "signed-in" || state.status === "expired") setState({ status: "expired", user: state.user });
  else setState({ status: "signed-out", user: null });
}

export function clearSession() {
  accessToken = null;
  setState({ status: "signed-out", user: null });
  const waiters = reauthWaiters;
  reauthWaiters = [];
  waiters.forEach((w) => w(false));
}

/** Resolves true once the user signed in again, false when they signed out instead. */
export function waitForReauth(): Promise<boolean> {
  if (state.status === "signed-in") return Promise.resolve(true);
  if (state.status === "signed-out") return Promise.resolve(false);
  return new Promise((resolve) => reauthWaiters.push(resolve));
}

/** For tests: back to the start-up state. */
export function resetSessionForTests() {
  accessToken = null;
  reauthWaiters = [];
  state = { status: "loading", user: null };
  listeners.clear();
}
