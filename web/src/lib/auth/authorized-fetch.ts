import { refreshSession } from "./refresh";
import { getAccessToken, getSessionState, markExpired, waitForReauth } from "./session-store";

const AUTH_PATH = "/api/v1/auth/";

function withToken(request: Request): Request {
  const token = getAccessToken();
  const copy = new Request(request);
  if (token) copy.headers.set("Authorization", `Bearer ${token}`);
  return copy;
}

/**
 * fetch for the API client: adds the bearer token; on a 401 renews the session once and retries.
 * When the session cannot be renewed, the request waits while the user signs in again (the
 * dialog over the page), then goes through, so nothing the user was doing is lost.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  // Keep an unsent copy: a request body can be read only once.
  const spare = request.clone();
  const response = await globalThis.fetch(withToken(request));
  if (response.status !== 401 || new URL(request.url, "http://x").pathname.startsWith(AUTH_PATH)) return response;
  if (getSessionState().status === "signed-out") return response;

  if (!(await refreshSession())) {
    markExpired();
    if (!(await waitForReauth())) return response;
  }
  return globalThis.fetch(withToken(spare));
}
