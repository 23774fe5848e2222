import { describe, expect, it, vi } from "vitest";
import { createReporter, orgFromPath, scrubbed, type ClientErrorReport } from "./error-reporting";

const report = (over: Partial<ClientErrorReport> = {}): ClientErrorReport => ({
  kind: "uncaught",
  message: "TypeError: x is undefined",
  page: "/o/acme/projects/churn/runs/abc?token=secret#frag",
  version: "0.1.0",
  ...over,
});

describe("error reporting", () => {
  it("keeps the page's path only and cuts long messages", () => {
    const clean = scrubbed(report({ message: "m".repeat(5000), stack: "s".repeat(9000) }));
    expect(clean.page).toBe("/o/acme/projects/churn/runs/abc");
    expect(clean.message).toHaveLength(1000);
    expect(clean.stack).toHaveLength(8000);
    expect(JSON.stringify(clean)).not.toContain("secret");
  });

  it("sends one report per distinct error a minute", () => {
    let t = 0;
    const send = vi.fn(() => Promise.resolve());
    const reporter = createReporter(send, () => t);
    expect(reporter(report())).toBe(true);
    expect(reporter(report())).toBe(false);
    expect(reporter(report({ message: "Another" }))).toBe(true);
    t = 61_000;
    expect(reporter(report())).toBe(true);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("swallows its own failures", async () => {
    const reporter = createReporter(() => Promise.reject(new Error("offline")));
    expect(reporter(report())).toBe(true);
    await new Promise((r) => setTimeout(r, 0)); // no unhandled rejection follows
  });

  it("finds the organization in the path", () => {
    expect(orgFromPath("/o/acme/projects")).toBe("acme");
    expect(orgFromPath("/login")).toBeUndefined();
  });
});
