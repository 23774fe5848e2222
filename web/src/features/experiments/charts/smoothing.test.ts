import { describe, expect, it } from "vitest";
import { emaSmooth } from "./smoothing";

describe("emaSmooth", () => {
  it("returns the values unchanged at weight 0", () => {
    expect(emaSmooth([1, null, 3], 0)).toEqual([1, null, 3]);
  });

  it("is debiased: a constant series stays constant from the first point", () => {
    for (const v of emaSmooth([5, 5, 5, 5], 0.9)) expect(v).toBeCloseTo(5);
  });

  it("follows TensorBoard's formula", () => {
    const [a, b] = emaSmooth([0, 1], 0.5);
    expect(a).toBe(0);
    // last = 0.5*0 + 0.5*1 = 0.5 -> / (1 - 0.25)
    expect(b).toBeCloseTo(0.5 / 0.75);
  });

  it("keeps gaps as gaps and carries the average over them", () => {
    const out = emaSmooth([2, null, 2], 0.6);
    expect(out[1]).toBeNull();
    expect(out[2]).toBeCloseTo(2);
  });

  it("damps a spike", () => {
    const out = emaSmooth([0, 0, 0, 10, 0, 0], 0.8);
    expect(out[3]!).toBeLessThan(5);
  });
});
