import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  /** The query string, with its leading `?` (empty when none). */
  query: string;
  authorization: string | null;
  contentType: string | null;
  body: string;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": "req-test" },
  });
}

export function tokenPair(accessToken: string, expiresIn = 900) {
  return {
    access_token: accessToken,
    token_type: "Bearer" as const,
    expires_in: expiresIn,
    refresh_token: "not-kept",
    user: { id: "u1", email: "ada@example.com", name: "Ada", email_verified: true, created_at: 0 },
  };
}

/** Replaces global fetch with `handler`, recording each call (component tests only; e2e uses the real server). */
export function fakeFetch(handler: Handler) {
  const calls: Call[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const call: Call = {
      method: request.method,
      path: new URL(request.url, "http://localhost").pathname,
      query: new URL(request.url, "http://localhost").search,
      authorization: request.headers.get("Authorization"),
      contentType: request.headers.get("Content-Type"),
      body: request.body ? await request.text() : "",
    };
    calls.push(call);
    return handler(call);
  });
  return { calls, spy };
}
