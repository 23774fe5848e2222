import { describe, expect, it } from "vitest";
import type { FeatureDrift } from "./api/report-types";
import { driftSeverity, heatIntensity, heatmapMatrix, histogramOverlay, sortByDrift } from "./drift";

function feature(f: Partial<FeatureDrift> & { feature: string }): FeatureDrift {
  return {
    method: "wasserstein",
    score: 0,
    p_value: null,
    threshold: 0.1,
    drifted: false,
    error_bound: null,
    bins: [],
    reference_histogram: [],
    current_histogram: [],
    ...f,
  };
}

describe("drift table order", () => {
  it("puts drifted features first, then the closest to drifting, across p-value and distance tests", () => {
    const sorted = sortByDrift([
      feature({ feature: "a", score: 0.05 }), // half way to 0.1
      feature({ feature: "b", method: "ks", score: 0.01, p_value: 0.01, threshold: 0.05, drifted: true }),
      feature({ feature: "c", score: 0.09 }), // 0.9 of the way
      feature({ feature: "d", score: 0.8, drifted: true }), // 8 times its threshold; b 5 times
      feature({ feature: "e", method: "chisquare", score: 0.5, p_value: 0.5, threshold: 0.05 }), // 0.1
    ]);
    expect(sorted.map((f) => f.feature)).toEqual(["d", "b", "c", "a", "e"]);
  });

  it("treats a p-value of zero as the strongest drift and a missing score as none", () => {
    expect(driftSeverity(feature({ feature: "x", method: "ks", p_value: 0, threshold: 0.05 }))).toBe(Number.POSITIVE_INFINITY);
    expect(driftSeverity(feature({ feature: "x", score: null }))).toBe(0);
  });
});

describe("histogram overlay", () => {
  it("pairs each bin's reference and current shares and finds the tallest bar", () => {
    const { bins, max } = histogramOverlay({ bins: ["<10", "10-20", "≥20"], reference_histogram: [0.2, 0.5, 0.3], current_histogram: [0.1, 0.2, 0.7] });
    expect(bins).toEqual([
      { label: "<10", reference: 0.2, current: 0.1 },
      { label: "10-20", reference: 0.5, current: 0.2 },
      { label: "≥20", reference: 0.3, current: 0.7 },
    ]);
    expect(max).toBe(0.7);
  });

  it("fills a side that has fewer bins with zeros and names unnamed bins", () => {
    const { bins, max } = histogramOverlay({ bins: ["a"], reference_histogram: [1], current_histogram: [0.5, 0.5] });
    expect(bins).toEqual([
      { label: "a", reference: 1, current: 0.5 },
      { label: "bin 2", reference: 0, current: 0.5 },
    ]);
    expect(max).toBe(1);
  });
});

describe("drift heatmap", () => {
  it("makes a row per feature and a column per evaluation time, with gaps as null", () => {
    const h = heatmapMatrix({
      "drift_score:age": [
        [1000, 0.1],
        [2000, 0.3],
      ],
      "drift_score:city": [[2000, 0.02]],
      "drifted:age": [
        [1000, 0],
        [2000, 1],
      ],
      drift_share: [[1000, 0.5]],
    });
    expect(h.features).toEqual(["age", "city"]);
    expect(h.times).toEqual([1000, 2000]);
    expect(h.scores).toEqual([
      [0.1, 0.3],
      [null, 0.02],
    ]);
    expect(h.drifted).toEqual([
      [false, true],
      [false, false],
    ]);
    expect(h.ranges).toEqual([
      [0.1, 0.3],
      [0.02, 0.02],
    ]);
  });

  it("merges neighbouring times into at most maxColumns columns, keeping the largest score", () => {
    const points = Array.from({ length: 10 }, (_, i) => [i * 60_000, i] as [number, number]);
    const h = heatmapMatrix({ "drift_score:x": points, "drifted:x": [[9 * 60_000, 1]] }, 5);
    expect(h.times).toEqual([0, 120_000, 240_000, 360_000, 480_000]);
    expect(h.scores[0]).toEqual([1, 3, 5, 7, 9]);
    expect(h.drifted[0]).toEqual([false, false, false, false, true]);
  });

  it("is empty without series", () => {
    expect(heatmapMatrix({})).toEqual({ features: [], times: [], scores: [], drifted: [], ranges: [] });
  });

  it("scales a cell within its row's range", () => {
    expect(heatIntensity(0.2, [0, 0.4])).toBe(0.5);
    expect(heatIntensity(null, [0, 1])).toBeNull();
    expect(heatIntensity(3, [3, 3])).toBe(0.5);
  });
});
