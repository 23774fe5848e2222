import { sendWithSession } from "./send-with-session";
import { getAccessToken } from "./session-store";

const AUTH_PATH = "/api/v1/auth/";

function withToken(request: Request, token: string | null): Request {
  const copy = new Request(request);
  if (token) copy.headers.set("Authorization", `Bearer ${token}`);
  return copy;
}

/** fetch for the API client: the bearer token, and renewal or re-sign-in on 401 (sendWithSession). */
export function authorizedFetch(request: Request): Promise<Response> {
  // Endpoints under /auth answer 401 for a wrong password or a spent token: no reason to renew
  // the session there (and renewing is itself an /auth call). They still get the token.
  if (new URL(request.url, "http://x").pathname.startsWith(AUTH_PATH)) return globalThis.fetch(withToken(request, getAccessToken()));
  // A body can be read only once: keep an unsent copy for the second attempt.
  const spare = request.clone();
  let attempt = 0;
  return sendWithSession((token) => globalThis.fetch(withToken(attempt++ === 0 ? request : spare, token)));
}
