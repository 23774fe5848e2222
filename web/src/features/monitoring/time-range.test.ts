import { describe, expect, it } from "vitest";
import { dashboardState } from "./dashboard-state";
import { describeRange, fromLocalInput, isLive, rangeFromParams, rangeKey, rangeToParams, resolveRange, toLocalInput, toLocalInputEnd, zoomedRange } from "./time-range";

const NOW = 1_700_000_000_000;

describe("time range", () => {
  it("resolves each preset to a span that ends now", () => {
    expect(resolveRange({ kind: "preset", preset: "15m" }, NOW)).toEqual({ from: NOW - 900_000, to: NOW });
    expect(resolveRange({ kind: "preset", preset: "24h" }, NOW)).toEqual({ from: NOW - 86_400_000, to: NOW });
    expect(resolveRange({ kind: "preset", preset: "90d" }, NOW)).toEqual({ from: NOW - 90 * 86_400_000, to: NOW });
  });

  it("keeps a custom range as it is and does not refresh it", () => {
    const r = { kind: "custom" as const, from: 1000, to: 5000 };
    expect(resolveRange(r, NOW)).toEqual({ from: 1000, to: 5000 });
    expect(isLive(r)).toBe(false);
    expect(isLive({ kind: "preset", preset: "1h" })).toBe(true);
  });

  it("reads the range from the URL, custom times winning over a preset", () => {
    expect(rangeFromParams(new URLSearchParams("range=7d"))).toEqual({ kind: "preset", preset: "7d" });
    expect(rangeFromParams(new URLSearchParams("range=7d&from=10&to=20"))).toEqual({ kind: "custom", from: 10, to: 20 });
    expect(rangeFromParams(new URLSearchParams(""))).toEqual({ kind: "preset", preset: "1h" });
  });

  it("falls back to the last hour on a bad range in the URL", () => {
    expect(rangeFromParams(new URLSearchParams("range=2y"))).toEqual({ kind: "preset", preset: "1h" });
    expect(rangeFromParams(new URLSearchParams("from=20&to=10"))).toEqual({ kind: "preset", preset: "1h" });
    expect(rangeFromParams(new URLSearchParams("from=abc&to=10"))).toEqual({ kind: "preset", preset: "1h" });
  });

  it("writes a range back to URL parameters, dropping the default", () => {
    expect(rangeToParams({ kind: "preset", preset: "1h" })).toEqual({ range: null, from: null, to: null });
    expect(rangeToParams({ kind: "preset", preset: "6h" })).toEqual({ range: "6h", from: null, to: null });
    expect(rangeToParams({ kind: "custom", from: 1, to: 2 })).toEqual({ range: null, from: "1", to: "2" });
    const round = rangeFromParams(new URLSearchParams(rangeToParams({ kind: "custom", from: 100, to: 900 }) as Record<string, string>));
    expect(round).toEqual({ kind: "custom", from: 100, to: 900 });
  });

  it("keys presets by name so a refresh moves the window, custom ranges by their times", () => {
    expect(rangeKey({ kind: "preset", preset: "6h" })).toBe("6h");
    expect(rangeKey({ kind: "custom", from: 1, to: 2 })).toBe("1-2");
  });

  it("turns a drag on a chart (seconds) into a custom range, ignoring drags under a minute", () => {
    expect(zoomedRange(1_700_000_120, 1_700_000_000)).toEqual({ kind: "custom", from: 1_700_000_000_000, to: 1_700_000_120_000 });
    expect(zoomedRange(100, 130)).toBeNull();
  });

  it("round-trips datetime-local values in local time", () => {
    const ms = new Date(2024, 4, 1, 12, 30).getTime();
    expect(toLocalInput(ms)).toBe("2024-05-01T12:30");
    expect(fromLocalInput("2024-05-01T12:30")).toBe(ms);
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("nonsense")).toBeNull();
  });

  it("rounds a range's end up to the minute, so the minute in progress stays inside", () => {
    expect(toLocalInputEnd(new Date(2024, 4, 1, 12, 30, 5).getTime())).toBe("2024-05-01T12:31");
    expect(toLocalInputEnd(new Date(2024, 4, 1, 12, 30).getTime())).toBe("2024-05-01T12:30");
  });

  it("describes a preset by its name and a custom range by its times", () => {
    expect(describeRange({ kind: "preset", preset: "30d" }, String)).toBe("Last 30 days");
    expect(describeRange({ kind: "custom", from: 1, to: 2 }, (ms) => `t${ms}`)).toBe("t1 – t2");
  });
});

describe("dashboard URL state", () => {
  it("reads the tab, range, selected feature and comparison window", () => {
    const s = dashboardState(new URLSearchParams("tab=drift&range=24h&feature=age&baseline_from=10&baseline_to=20"));
    expect(s).toEqual({ tab: "drift", range: { kind: "preset", preset: "24h" }, feature: "age", baseline: { from: 10, to: 20 } });
  });

  it("defaults to the service tab and the reference as baseline", () => {
    const s = dashboardState(new URLSearchParams("tab=bogus&baseline_from=30&baseline_to=20"));
    expect(s.tab).toBe("service");
    expect(s.baseline).toBeNull();
    expect(s.feature).toBeNull();
  });
});
