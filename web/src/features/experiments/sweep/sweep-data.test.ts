import { describe, expect, it } from "vitest";
import type { Run } from "../api/run-queries";
import { metricAxes, paramImportance, scaler, spearman, sweepAxes } from "./sweep-data";

const run = (params: Record<string, string>, metrics: Record<string, number | string>) =>
  ({ params, metrics: Object.fromEntries(Object.entries(metrics).map(([k, value]) => [k, { value, step: 0, timestamp: 0 }])) }) as unknown as Run;

describe("sweep data", () => {
  const runs = [
    run({ lr: "0.1", opt: "adam", seed: "7" }, { auc: 0.7 }),
    run({ lr: "0.01", opt: "sgd", seed: "7" }, { auc: 0.8 }),
    run({ lr: "0.001", opt: "adam", seed: "7" }, { auc: 0.9 }),
    run({ lr: "0.0001", seed: "7" }, { auc: "NaN" }),
  ];

  it("makes axes of varying params (numbers, or categories) and of metrics, dropping constants and NaN", () => {
    const axes = sweepAxes(runs);
    expect(axes.map((a) => a.id)).toEqual(["params.lr", "params.opt", "metrics.auc"]);
    expect(axes[1]).toMatchObject({ labels: ["adam", "sgd"], values: [0, 1, 0, null] });
    expect(axes[2]!.values).toEqual([0.7, 0.8, 0.9, null]);
  });

  it("computes Spearman's correlation with ties and missing values", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1);
    // Monotone but curved is still perfect by ranks.
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1);
    expect(spearman([1, null, 3], [1, 2, 3])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486833, 6);
  });

  it("ranks params by the strength of their correlation with the metric", () => {
    const axes = sweepAxes(runs);
    const importance = paramImportance(
      axes,
      axes.find((a) => a.id === "metrics.auc")!,
    );
    expect(importance.map((i) => i.axis.key)).toEqual(["lr", "opt"]);
    expect(importance[0]!.correlation).toBeCloseTo(-1);
  });

  it("scales values onto 0..1", () => {
    const s = scaler([2, null, 4]);
    expect([s(2), s(3), s(4)]).toEqual([0, 0.5, 1]);
    expect(scaler([5, 5])(5)).toBe(0.5);
  });
});

describe("metricAxes", () => {
  it("puts the metric most runs logged first", () => {
    const runs = [run({}, { a_once: 1, loss: 0.5 }), run({}, { loss: 0.4 }), run({}, { loss: 0.3 })];
    expect(metricAxes(runs).map((a) => a.key)).toEqual(["loss", "a_once"]);
  });
});
