import { describe, expect, it } from "vitest";
import { describeSplit, trafficBody, trafficValues } from "./traffic";

describe("traffic", () => {
  it("reads the heavier route as the main revision and the other as the canary", () => {
    expect(trafficValues({ routes: [{ revision: 4, weight: 10 }, { revision: 3, weight: 90 }], shadow: null })).toEqual({
      main: 3,
      canary: 4,
      canaryWeight: 10,
      shadow: null,
      shadowPercent: 10,
    });
  });

  it("writes weights that sum to 100, one route without a canary", () => {
    expect(trafficBody({ main: 3, canary: 4, canaryWeight: 25, shadow: null, shadowPercent: 10 })).toEqual({
      routes: [
        { revision: 3, weight: 75 },
        { revision: 4, weight: 25 },
      ],
      shadow: null,
    });
    expect(trafficBody({ main: 3, canary: null, canaryWeight: 25, shadow: 2, shadowPercent: 5 })).toEqual({
      routes: [{ revision: 3, weight: 100 }],
      shadow: { revision: 2, percent: 5 },
    });
  });

  it("describes the split in words", () => {
    expect(describeSplit({ routes: [{ revision: 3, weight: 100 }], shadow: { revision: 2, percent: 5 } })).toBe(
      "100% to r3; a copy of 5% goes to r2 (answers logged, never returned)",
    );
  });
});
