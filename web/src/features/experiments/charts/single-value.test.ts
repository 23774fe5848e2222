import { describe, expect, it } from "vitest";
import { barFractions, loggedOnce } from "./single-value";

const p = (step: number, value: number | "NaN") => ({ step, value, timestamp: 0 });

describe("metrics logged once", () => {
  it("are the value of each run when every run logged at one step", () => {
    expect(loggedOnce([[p(0, 0.91)]])).toEqual([0.91]);
    expect(loggedOnce([[p(0, 0.91)], [p(0, 0.93)], []])).toEqual([0.91, 0.93, null]);
    // Logged twice at the same step: the last point counts, as on the charts.
    expect(loggedOnce([[p(3, 0.5), p(3, 0.6)]])).toEqual([0.6]);
  });

  it("are not single values when some run logged a history, or nothing was logged", () => {
    expect(loggedOnce([[p(0, 1), p(1, 2)]])).toBeNull();
    expect(loggedOnce([[p(0, 1)], [p(5, 2)]])).toBeNull();
    expect(loggedOnce([[], []])).toBeNull();
  });

  it("get bars from zero, the longest full length, none for values that are not numbers", () => {
    expect(barFractions([0.5, 1, null, "NaN"])).toEqual([0.5, 1, 0, 0]);
    expect(barFractions([-2, 1])).toEqual([1, 0.5]);
    expect(barFractions([0, 0])).toEqual([0, 0]);
  });
});
