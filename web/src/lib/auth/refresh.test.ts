import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../test/fake-server";
import { restoreSession, signOut, startSession } from "./refresh";
import { getAccessToken, getSessionState, resetSessionForTests } from "./session-store";

describe("session refresh", () => {
  beforeEach(() => {
    resetSessionForTests();
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    resetSessionForTests();
  });

  it("renews the access token a minute before it expires, and again after that", async () => {
    let n = 0;
    const { calls } = fakeFetch(() => json(200, tokenPair(`renewed-${++n}`)));
    startSession(tokenPair("initial", 900));

    await vi.advanceTimersByTimeAsync(839_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/auth/refresh"]);
    expect(getAccessToken()).toBe("renewed-1");

    await vi.advanceTimersByTimeAsync(840_000);
    expect(getAccessToken()).toBe("renewed-2");
  });

  it("retries later when the server cannot be reached, keeping the session", async () => {
    const { calls } = fakeFetch(() => json(503, { error: { code: "unavailable", message: "down", request_id: "r" } }));
    startSession(tokenPair("initial", 900));
    await vi.advanceTimersByTimeAsync(840_000);
    expect(getSessionState().status).toBe("signed-in");
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls).toHaveLength(2);
  });

  it("restores a session from the refresh cookie at start-up", async () => {
    startSession(tokenPair("earlier visit"));
    resetSessionForTests();
    fakeFetch(() => json(200, tokenPair("restored")));
    await restoreSession();
    expect(getAccessToken()).toBe("restored");
  });

  it("signs out at start-up when the server refuses the cookie, and asks no more on the next visit", async () => {
    startSession(tokenPair("earlier visit"));
    resetSessionForTests();
    const { calls } = fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "no cookie", request_id: "r" } }));
    await restoreSession();
    expect(getSessionState().status).toBe("signed-out");
    resetSessionForTests();
    await restoreSession();
    expect(calls).toHaveLength(1);
  });

  it("does not ask the server at start-up when nobody signed in with this browser (its 401 would be logged)", async () => {
    const { calls } = fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "no cookie", request_id: "r" } }));
    await restoreSession();
    expect(calls).toHaveLength(0);
    expect(getSessionState().status).toBe("signed-out");
  });

  it("does not ask the server at start-up after signing out", async () => {
    startSession(tokenPair("tok"));
    const { calls } = fakeFetch(() => json(204, null));
    await signOut();
    resetSessionForTests();
    await restoreSession();
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/auth/logout"]);
  });
});
