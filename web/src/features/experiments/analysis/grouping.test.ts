import { describe, expect, it } from "vitest";
import { aggregateGroups, groupRuns, groupSingleValues } from "./grouping";

const run = (params: Record<string, string>, tags: Record<string, string> = {}) => ({ params, tags });

describe("grouping runs", () => {
  it("groups by a param, numbers in numeric order, runs without it last", () => {
    const runs = [run({ depth: "12" }), run({ depth: "2" }), run({}), run({ depth: "2" })];
    expect(groupRuns(runs, "params.depth")).toEqual([
      { value: "2", label: "depth=2", runs: [1, 3] },
      { value: "12", label: "depth=12", runs: [0] },
      { value: null, label: "no depth", runs: [2] },
    ]);
  });

  it("groups by a tag, text in text order", () => {
    const runs = [run({}, { team: "red" }), run({}, { team: "blue" })];
    expect(groupRuns(runs, "tags.team").map((g) => g.label)).toEqual(["team=blue", "team=red"]);
  });

  it("draws each group as its mean with the min and max around it", () => {
    const data: [number[], ...Array<Array<number | null>>] = [
      [0, 1, 2],
      [1, 2, 3],
      [3, 4, 5],
      [10, 10, 10],
    ];
    const groups = [
      { value: "a", label: "a", runs: [0, 1] },
      { value: "b", label: "b", runs: [2] },
    ];
    expect(aggregateGroups(data, groups)).toEqual([
      [0, 1, 2],
      [2, 3, 4],
      [1, 2, 3],
      [3, 4, 5],
      [10, 10, 10],
      [10, 10, 10],
      [10, 10, 10],
    ]);
  });

  it("carries a run's value across columns it skipped, not past its last point, and leaves hidden runs out", () => {
    const data: [number[], ...Array<Array<number | null>>] = [
      [0, 1, 2, 3],
      [1, null, 3, null],
      [5, 5, 5, 5],
    ];
    const g = [{ value: "a", label: "a", runs: [0, 1] }];
    const [, mean, min, max] = aggregateGroups(data, g);
    expect(mean).toEqual([3, 3, 4, 5]);
    expect(min).toEqual([1, 1, 3, 5]);
    expect(max).toEqual([5, 5, 5, 5]);
    expect(aggregateGroups(data, g, new Set([1]))[1]).toEqual([1, 1, 3, null]);
  });

  it("summarises a metric logged once per run by group, numbers only, hidden runs left out", () => {
    const groups = [
      { value: "a", label: "a", runs: [0, 1, 2] },
      { value: "b", label: "b", runs: [3] },
    ];
    const [a, b] = groupSingleValues([0.8, 0.9, "NaN", 0.7], groups);
    expect(a).toMatchObject({ min: 0.8, max: 0.9, runs: 2 });
    expect(a!.mean).toBeCloseTo(0.85);
    expect(b).toEqual({ mean: 0.7, min: 0.7, max: 0.7, runs: 1 });
    expect(groupSingleValues([0.8, 0.9, null, 0.7], groups, new Set([3]))[1]).toBeNull();
  });
});
