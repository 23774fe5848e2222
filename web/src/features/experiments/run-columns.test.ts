import { describe, expect, it } from "vitest";
import type { Run } from "./api/run-queries";
import { availableColumns, nextSort, orderByClause, visibleColumns } from "./run-columns";

const run = (params: Record<string, string>, metrics: string[]) =>
  ({ params, metrics: Object.fromEntries(metrics.map((k) => [k, { value: 1, step: 0, timestamp: 0 }])) }) as unknown as Run;

describe("run columns", () => {
  it("collects the keys of every run, params before metrics", () => {
    const cols = availableColumns([run({ lr: "0.1" }, ["loss"]), run({ depth: "6", lr: "0.2" }, ["auc", "loss"])]);
    expect(cols.map((c) => `${c.kind}.${c.key}`)).toEqual(["params.depth", "params.lr", "metrics.auc", "metrics.loss"]);
  });

  it("shows a few of each by default, and exactly the chosen ones once chosen", () => {
    const cols = availableColumns([run({ a: "", b: "", c: "" }, ["m1", "m2"])]);
    expect(visibleColumns(cols, null, 2).map((c) => c.key)).toEqual(["a", "b", "m1", "m2"]);
    expect(visibleColumns(cols, ["metrics.m2", "params.gone"])).toEqual([
      { kind: "metrics", key: "m2" },
      { kind: "params", key: "gone" },
    ]);
  });

  it("sorts through the server with quoted keys, flipping on a second click", () => {
    const sort = nextSort({ by: "attributes.start_time", descending: true }, "metrics.val auc");
    expect(orderByClause(sort)).toBe("metrics.`val auc` DESC");
    expect(orderByClause(nextSort(sort, "metrics.val auc"))).toBe("metrics.`val auc` ASC");
  });
});
