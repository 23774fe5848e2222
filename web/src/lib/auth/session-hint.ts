// Whether this browser may hold a refresh cookie. The cookie is HttpOnly, so scripts cannot see
// it; asking the server without one answers 401, which the browser logs in the console on every
// visit to the sign-in page. So a sign-in leaves this mark (a flag, nothing secret), and start-up
// asks the server only when it is there. Sign-out and a refused refresh remove it.
const KEY = "cairn.session";

/** localStorage throws when storage is blocked; the hint is then treated as present (ask the server). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function noteSession() {
  try {
    storage()?.setItem(KEY, "1");
  } catch {
    // Storage full or blocked: start-up will ask the server, as it did before the hint.
  }
}

export function forgetSession() {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // Blocked storage holds no hint to remove.
  }
}

export function mayHaveSession(): boolean {
  const s = storage();
  if (!s) return true;
  try {
    return s.getItem(KEY) !== null;
  } catch {
    return true;
  }
}
