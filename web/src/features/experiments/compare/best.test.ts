import { describe, expect, it } from "vitest";
import { bestIndexes, lowerIsBetter } from "./best";

describe("best per metric", () => {
  it("guesses the direction from the name", () => {
    expect(["train_loss", "val/rmse", "error_rate", "latency_ms"].every(lowerIsBetter)).toBe(true);
    expect(["val_auc", "accuracy", "f1", "test_auc"].some(lowerIsBetter)).toBe(false);
  });

  it("finds the best value, ties included, ignoring NaN and missing", () => {
    expect(bestIndexes([0.8, "NaN", 0.9, null, 0.9], false)).toEqual([2, 4]);
    expect(bestIndexes([0.8, 0.2, undefined], true)).toEqual([1]);
    expect(bestIndexes(["NaN", null], true)).toEqual([]);
  });
});
