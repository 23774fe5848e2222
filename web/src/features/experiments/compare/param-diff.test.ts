import { describe, expect, it } from "vitest";
import type { RunComparison } from "../api/run-queries";
import { paramDiffRows } from "./param-diff";

const comparison = {
  runs: [{ id: "a" }, { id: "b" }],
  params: [
    { key: "lr", values: { a: "0.1", b: "0.1" }, differs: false },
    { key: "max_depth", values: { a: "6", b: "8" }, differs: true },
    { key: "seed", values: { a: "1", b: null }, differs: true },
  ],
  metrics: [],
} as unknown as RunComparison;

describe("paramDiffRows", () => {
  it("lines values up with the runs and puts differences first", () => {
    expect(paramDiffRows(comparison, false)).toEqual([
      { key: "max_depth", values: ["6", "8"], differs: true },
      { key: "seed", values: ["1", null], differs: true },
      { key: "lr", values: ["0.1", "0.1"], differs: false },
    ]);
  });

  it("keeps only the differences when asked", () => {
    expect(paramDiffRows(comparison, true).map((r) => r.key)).toEqual(["max_depth", "seed"]);
  });
});
