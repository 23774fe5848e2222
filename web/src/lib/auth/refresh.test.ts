import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../test/fake-server";
import { restoreSession, startSession } from "./refresh";
import { getAccessToken, getSessionState, resetSessionForTests } from "./session-store";

describe("session refresh", () => {
  beforeEach(() => {
    resetSessionForTests();
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

  it("restores a session from the refresh cookie at start-up, or signs out", async () => {
    fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "no cookie", request_id: "r" } }));
    await restoreSession();
    expect(getSessionState().status).toBe("signed-out");
  });
});
