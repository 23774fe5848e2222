import { describe, expect, it } from "vitest";
import type { MetricSeries } from "../api/analysis-queries";
import { alignXY, pointsPerRun, positiveOnly, toXY } from "./align";

const series = (steps: number[], values: Array<number | string>, timestamps = steps.map((s) => 1_000_000 + s * 1000)): MetricSeries =>
  ({ run_id: "r", key: "k", downsampled: false, steps, timestamps, values }) as MetricSeries;

describe("toXY", () => {
  it("plots steps, wall time in seconds, or seconds since the run started", () => {
    const s = series([0, 10], [1, 2]);
    expect(toXY(s, "step", null, 0).xs).toEqual([0, 10]);
    expect(toXY(s, "wall", null, 0).xs).toEqual([1000, 1010]);
    expect(toXY(s, "relative", 998_000, 0).xs).toEqual([2, 12]);
    expect(toXY(s, "relative", null, 0).xs).toEqual([0, 10]);
  });

  it("turns NaN into gaps and smooths when asked", () => {
    expect(toXY(series([0, 1, 2], [1, "NaN", 1]), "step", null, 0.5).ys).toEqual([1, null, 1]);
  });
});

describe("alignXY", () => {
  it("aligns exactly on the union of x values while it is small", () => {
    const out = alignXY([{ xs: [0, 2], ys: [1, 3] }, null, { xs: [1, 2], ys: [5, 6] }], 10);
    expect(out).toEqual([
      [0, 1, 2],
      [1, null, 3],
      [null, null, null],
      [null, 5, 6],
    ]);
  });

  it("bins hundreds of runs onto a bounded number of columns, keeping each run's range", () => {
    const runs = Array.from({ length: 300 }, (_, r) => ({
      xs: Array.from({ length: 100 }, (_, i) => i * 10 + (r % 7)),
      ys: Array.from({ length: 100 }, (_, i) => i),
    }));
    const out = alignXY(runs, 200);
    expect(out[0]).toHaveLength(200);
    expect(out).toHaveLength(301);
    expect(out[0][0]).toBe(0);
    expect(out[0][199]).toBeCloseTo(996);
    expect(out[1]![0]).toBe(0);
    expect(out[1]!.filter((y) => y !== null).at(-1)).toBe(99);
  });
});

describe("positiveOnly and pointsPerRun", () => {
  it("drops values a log scale cannot draw", () => {
    expect(
      positiveOnly([
        [0, 1, 2],
        [0, -1, 3],
      ]),
    ).toEqual([
      [0, 1, 2],
      [null, null, 3],
    ]);
  });

  it("shares a point budget between runs, within bounds", () => {
    expect(pointsPerRun(1, 600)).toBe(600);
    expect(pointsPerRun(500, 600)).toBe(80);
    expect(pointsPerRun(5000, 600)).toBe(50);
  });
});
