import { describe, expect, it } from "vitest";
import type { Run, RunGroups } from "../api/run-queries";
import { gridGroups, withServerGroups } from "./run-groups";

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

describe("withServerGroups", () => {
  const page = [run("a", { lr: "0.1" }, { auc: 0.8 }), run("d", {}, { auc: 0.5 })];
  const server: RunGroups = {
    group_by: "params.lr",
    total_runs: 120,
    truncated: false,
    groups: [
      { value: "0.1", runs: 100, metrics: { auc: { runs: 90, mean: 0.7, min: 0.1, max: 0.95 } } },
      { value: null, runs: 20, metrics: {} },
    ],
  };

  it("takes each group's count and aggregates from the server's whole-search answer, the runs from the page", () => {
    const [lr01, none] = withServerGroups(gridGroups(page, "params.lr", ["auc"]), server, ["auc"]);
    expect(lr01).toMatchObject({ total: 100, metrics: { auc: { runs: 90, mean: 0.7, min: 0.1, max: 0.95 } } });
    expect(lr01!.runs.map((r) => r.id)).toEqual(["a"]);
    // The runs without the param match the server's null group; no server value for auc: none shown.
    expect(none).toMatchObject({ total: 20, metrics: { auc: null } });
  });

  it("adds a row for each group of the search with no run on this page, after the page's", () => {
    const withOthers: RunGroups = { ...server, groups: [...server.groups, { value: "0.5", runs: 7, metrics: { auc: { runs: 7, mean: 0.6, min: 0.55, max: 0.65 } } }] };
    const rows = withServerGroups(gridGroups(page, "params.lr", ["auc"]), withOthers, ["auc"]);
    expect(rows.map((g) => g.label)).toEqual(["lr=0.1", "no lr", "lr=0.5"]);
    expect(rows[2]).toMatchObject({ runs: [], total: 7, metrics: { auc: { mean: 0.6 } } });
  });

  it("keeps the page's numbers until the server answers, and for a group it did not answer", () => {
    const groups = gridGroups(page, "params.lr", ["auc"]);
    expect(withServerGroups(groups, undefined, ["auc"])).toBe(groups);
    const [lr01] = withServerGroups(groups, { ...server, groups: [] }, ["auc"]);
    expect(lr01!.total).toBeUndefined();
    expect(lr01!.metrics.auc).toMatchObject({ mean: 0.8, runs: 1 });
  });
});
