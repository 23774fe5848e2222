import { describe, expect, it } from "vitest";
import { alertStatus, formatDuration, formatValue, parseDuration } from "./format";

describe("durations", () => {
  it("formats_seconds_as_compact_units_that_parse_back", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90)).toBe("1m30s");
    expect(formatDuration(86_400 + 3_600)).toBe("1d1h");
    for (const s of [1, 60, 300, 3_661, 604_800]) expect(parseDuration(formatDuration(s))).toBe(s);
  });

  it("parses_bare_numbers_as_seconds_and_rejects_garbage", () => {
    expect(parseDuration("300")).toBe(300);
    expect(parseDuration(" 5m ")).toBe(300);
    expect(parseDuration("1h30m")).toBe(5_400);
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("5 minutes")).toBeNull();
    expect(parseDuration("m5")).toBeNull();
  });
});

describe("alertStatus", () => {
  const base = { state: "firing" as const, acknowledged: null, silenced_by: null };
  it("names_acknowledged_and_silenced_alerts_before_their_state", () => {
    expect(alertStatus(base)).toBe("firing");
    expect(alertStatus({ ...base, acknowledged: { by: "u", at: 1 } })).toBe("acknowledged");
    expect(alertStatus({ ...base, silenced_by: "s1" })).toBe("silenced");
    expect(alertStatus({ ...base, state: "resolved", silenced_by: "s1" })).toBe("resolved");
    expect(alertStatus({ ...base, state: "pending" })).toBe("pending");
  });
});

describe("formatValue", () => {
  it("keeps_four_significant_digits", () => {
    expect(formatValue(0.012345)).toBe("0.01235");
    expect(formatValue(251.456)).toBe("251.5");
    expect(formatValue(12345.6)).toBe((12346).toLocaleString());
    expect(formatValue(null)).toBe("—");
  });
});
