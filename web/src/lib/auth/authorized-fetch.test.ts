import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../test/fake-server";
import { authorizedFetch } from "./authorized-fetch";
import { startSession } from "./refresh";
import { acceptTokens, getSessionState, resetSessionForTests } from "./session-store";

const request = () => new Request("http://localhost/api/v1/orgs", { method: "POST", body: JSON.stringify({ name: "Acme" }) });

describe("authorizedFetch", () => {
  beforeEach(() => resetSessionForTests());
  afterEach(() => resetSessionForTests());

  it("sends the in-memory access token as a bearer token", async () => {
    startSession(tokenPair("tok-1"));
    const { calls } = fakeFetch(() => json(200, { ok: true }));
    await authorizedFetch(request());
    expect(calls[0]?.authorization).toBe("Bearer tok-1");
  });

  it("sends the token to /auth endpoints too, but never renews the session on their 401", async () => {
    startSession(tokenPair("tok-1"));
    const { calls } = fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "spent", request_id: "r" } }));
    const response = await authorizedFetch(new Request("http://localhost/api/v1/auth/verify-email/request", { method: "POST" }));
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBe("Bearer tok-1");
  });

  it("refreshes once on 401 and retries the request with the new token and the same body", async () => {
    startSession(tokenPair("old"));
    const { calls } = fakeFetch((call) => {
      if (call.path === "/api/v1/auth/refresh") return json(200, tokenPair("new"));
      return call.authorization === "Bearer new" ? json(201, { id: "o1" }) : json(401, { error: { code: "unauthenticated", message: "expired", request_id: "r" } });
    });
    const response = await authorizedFetch(request());
    expect(response.status).toBe(201);
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/orgs", "/api/v1/auth/refresh", "/api/v1/orgs"]);
    expect(calls[2]?.body).toBe(JSON.stringify({ name: "Acme" }));
    // The refresh sends no token in its body: the HttpOnly cookie carries it.
    expect(calls[1]?.body).toBe("");
  });

  it("shares one refresh between concurrent requests", async () => {
    startSession(tokenPair("old"));
    const { calls } = fakeFetch((call) => {
      if (call.path === "/api/v1/auth/refresh") return json(200, tokenPair("new"));
      return call.authorization === "Bearer new" ? json(200, {}) : json(401, {});
    });
    await Promise.all([authorizedFetch(request()), authorizedFetch(request()), authorizedFetch(request())]);
    expect(calls.filter((c) => c.path === "/api/v1/auth/refresh")).toHaveLength(1);
  });

  it("waits for the user to sign in again when the refresh is rejected, then retries", async () => {
    startSession(tokenPair("old"));
    fakeFetch((call) => {
      if (call.path === "/api/v1/auth/refresh") return json(401, { error: { code: "unauthenticated", message: "no", request_id: "r" } });
      return call.authorization === "Bearer again" ? json(200, { saved: true }) : json(401, {});
    });
    const pending = authorizedFetch(request());
    await vi.waitFor(() => expect(getSessionState().status).toBe("expired"));
    // The user is kept so the dialog can prefill the email.
    expect(getSessionState().user?.email).toBe("ada@example.com");
    acceptTokens(tokenPair("again"));
    const response = await pending;
    expect(response.status).toBe(200);
  });
});
