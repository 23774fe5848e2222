import { describe, expect, it } from "vitest";
import { alignByStep, formatMetric, lonePointSeries, pointsToRequest, stepSpan } from "./chart-data";

const p = (step: number, value: number | "NaN" | "Infinity") => ({ step, value, timestamp: 0 });

describe("chart data", () => {
  it("aligns runs logged at different steps on one axis, with gaps where a run has no point", () => {
    const data = alignByStep([
      [p(0, 1), p(2, 0.5)],
      [p(1, 0.9), p(2, "NaN"), p(3, 0.4)],
    ]);
    expect(data).toEqual([
      [0, 1, 2, 3],
      [1, null, 0.5, null],
      [null, 0.9, null, 0.4],
    ]);
  });

  it("marks the series with a single plotted point, which must be drawn as a dot", () => {
    expect(lonePointSeries([[0, 1, 2], [1, 0.5, 0.2], [null, 0.9, null], [null, null, null]])).toEqual([false, true, false]);
  });

  it("finds the step span, or null without points", () => {
    expect(stepSpan([[p(5, 1)], [p(2, 1), p(9, "Infinity")]])).toEqual({ min: 2, max: 9 });
    expect(stepSpan([[]])).toBeNull();
  });

  it("asks for about a point per pixel, more when zoomed, never over the server's cap", () => {
    expect(pointsToRequest(800, 1000, null)).toBe(1024);
    expect(pointsToRequest(800, 100_000, 10_000)).toBe(8192);
    expect(pointsToRequest(800, 1_000_000, 10)).toBe(100_000);
  });

  it("formats metric values for tables", () => {
    expect(formatMetric(0.912345)).toBe("0.9123");
    expect(formatMetric(42)).toBe("42");
    expect(formatMetric(0.00001234)).toBe("1.234e-5");
    expect(formatMetric("NaN")).toBe("NaN");
    expect(formatMetric(null)).toBe("—");
  });
});
