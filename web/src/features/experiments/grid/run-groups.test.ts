import { describe, expect, it } from "vitest";
import type { Run } from "../api/run-queries";
import { gridGroups } from "./run-groups";

const run = (id: string, params: Record<string, string>, metrics: Record<string, number>) =>
  ({ id, name: id, params, tags: {}, metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { value: v }])) }) as unknown as Run;

describe("gridGroups", () => {
  const runs = [run("a", { lr: "0.1" }, { auc: 0.8, loss: 2 }), run("b", { lr: "0.01" }, { auc: 0.6 }), run("c", { lr: "0.1" }, { auc: 0.9 }), run("d", {}, { auc: 0.5 })];

  it("groups by the value in numeric order, runs without the key last", () => {
    const groups = gridGroups(runs, "params.lr", ["auc"]);
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id)])).toEqual([
      ["lr=0.01", ["b"]],
      ["lr=0.1", ["a", "c"]],
      ["no lr", ["d"]],
    ]);
  });

  it("aggregates each metric column as mean, min and max over the group's runs that logged it", () => {
    const [, lr01] = gridGroups(runs, "params.lr", ["auc", "loss", "missing"]);
    expect(lr01!.metrics.auc!.mean).toBeCloseTo(0.85);
    expect(lr01!.metrics.auc).toMatchObject({ min: 0.8, max: 0.9, runs: 2 });
    // Only one run of the group logged loss: its own value, counted once.
    expect(lr01!.metrics.loss).toEqual({ mean: 2, min: 2, max: 2, runs: 1 });
    expect(lr01!.metrics.missing).toBeNull();
  });

  it("gives the no-value group an id no logged value can take", () => {
    const ids = gridGroups(runs, "params.lr", []).map((g) => g.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain("");
  });
});
