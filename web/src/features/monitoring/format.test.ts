import { describe, expect, it } from "vitest";
import { formatCount, formatMetric, formatMs, formatShare, isPValueMethod, methodName } from "./format";

describe("monitoring formats", () => {
  it("shows a dash for metrics the server could not compute (null, NaN)", () => {
    expect(formatMetric(null)).toBe("—");
    expect(formatMetric(undefined)).toBe("—");
    expect(formatMetric(Number.NaN)).toBe("—");
    expect(formatShare(null)).toBe("—");
    expect(formatMs(null)).toBe("—");
    expect(formatCount(undefined)).toBe("—");
  });

  it("rounds metrics to four significant digits and tiny ones in exponent form", () => {
    expect(formatMetric(0.923456)).toBe("0.9235");
    expect(formatMetric(1234.5678)).toBe("1235");
    expect(formatMetric(0)).toBe("0");
    expect(formatMetric(0.0000123)).toBe("1.23e-5");
  });

  it("shows shares as percentages", () => {
    expect(formatShare(0.125)).toBe("12.5%");
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(0.0004)).toBe("0.04%");
  });

  it("shows latencies in ms or s", () => {
    expect(formatMs(0.42)).toBe("0.42 ms");
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(1300)).toBe("1.3 s");
  });

  it("names tests and knows which compare a p-value", () => {
    expect(methodName("ks")).toBe("Kolmogorov–Smirnov");
    expect(methodName("custom")).toBe("custom");
    expect(isPValueMethod("chisquare")).toBe(true);
    expect(isPValueMethod("psi")).toBe(false);
  });
});
