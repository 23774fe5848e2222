import { refreshSession } from "./refresh";
import { getAccessToken, getSessionState, markExpired, waitForReauth } from "./session-store";

/**
 * Sends a request with the session's access token. On a 401 it renews the session once and sends
 * again; when the session cannot be renewed, it waits while the user signs in again (the dialog
 * over the page) and then sends again, so nothing the user was doing is lost.
 * `send` is called at most twice, with the token to use.
 */
export async function sendWithSession<T extends { status: number }>(send: (token: string | null) => Promise<T>): Promise<T> {
  const first = await send(getAccessToken());
  if (first.status !== 401 || getSessionState().status === "signed-out") return first;
  if (!(await refreshSession())) {
    markExpired();
    if (!(await waitForReauth())) return first;
  }
  return send(getAccessToken());
}
