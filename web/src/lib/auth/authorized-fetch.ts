import { sendWithSession } from "./send-with-session";

const AUTH_PATH = "/api/v1/auth/";

function withToken(request: Request, token: string | null): Request {
  const copy = new Request(request);
  if (token) copy.headers.set("Authorization", `Bearer ${token}`);
  return copy;
}

/** fetch for the API client: the bearer token, and renewal or re-sign-in on 401 (sendWithSession). */
export function authorizedFetch(request: Request): Promise<Response> {
  // The sign-in endpoints answer 401 for a wrong password: that is no reason to renew anything.
  if (new URL(request.url, "http://x").pathname.startsWith(AUTH_PATH)) return globalThis.fetch(request);
  // A body can be read only once: keep an unsent copy for the second attempt.
  const spare = request.clone();
  let attempt = 0;
  return sendWithSession((token) => globalThis.fetch(withToken(attempt++ === 0 ? request : spare, token)));
}
