import { describe, expect, it } from "vitest";
import type { Run } from "./api/run-queries";
import { cellText, formatDuration, loggedModels } from "./run-cells";
import {
  availableColumns,
  columnsFromParam,
  columnsToParam,
  groupColumns,
  moveColumn,
  nextSort,
  orderByClause,
  parseColumnId,
  sortKeyOf,
  visibleColumns,
} from "./run-columns";

const run = (params: Record<string, string>, metrics: string[], tags: Record<string, string> = {}) =>
  ({ params, tags, inputs: [], metrics: Object.fromEntries(metrics.map((k) => [k, { value: 1, step: 0, timestamp: 0 }])) }) as unknown as Run;

describe("run columns", () => {
  it("offers every key of the experiment, not only the page's, params before metrics before tags", () => {
    const cols = availableColumns({ params: ["depth"], metrics: ["auc"], tags: ["team"] }, [run({ lr: "0.1" }, ["loss"])]);
    expect(cols.filter((c) => c.kind !== "attributes").map((c) => `${c.kind}.${c.key}`)).toEqual([
      "params.depth",
      "params.lr",
      "metrics.auc",
      "metrics.loss",
      "tags.team",
    ]);
    expect(cols.some((c) => c.kind === "attributes" && c.key === "duration")).toBe(true);
  });

  it("shows the usual attributes and a few params and metrics by default, exactly the chosen ones once chosen", () => {
    const cols = availableColumns({ params: ["a", "b", "c"], metrics: ["m1", "m2"], tags: [] }, []);
    expect(visibleColumns(cols, null, 2).map((c) => c.key)).toEqual(["status", "start_time", "duration", "user", "source", "a", "b", "m1", "m2"]);
    expect(visibleColumns(cols, ["metrics.m2", "params.gone"])).toEqual([
      { kind: "metrics", key: "m2" },
      { kind: "params", key: "gone" },
    ]);
  });

  it("groups columns by kind in a fixed order", () => {
    const groups = groupColumns([parseColumnId("metrics.b")!, parseColumnId("params.a")!, parseColumnId("attributes.user")!]);
    expect(groups.map((g) => g.kind)).toEqual(["attributes", "params", "metrics"]);
  });

  it("moves a dragged column within its kind's group and refuses a drop on another kind", () => {
    const ids = ["attributes.status", "params.a", "params.b", "params.c", "metrics.m"];
    expect(moveColumn(ids, "params.c", "params.a")).toEqual(["attributes.status", "params.c", "params.a", "params.b", "metrics.m"]);
    expect(moveColumn(ids, "params.a", "params.c")).toEqual(["attributes.status", "params.b", "params.c", "params.a", "metrics.m"]);
    expect(moveColumn(ids, "params.a", "metrics.m")).toBe(ids);
    expect(moveColumn(ids, "params.a", "params.gone")).toBe(ids);
    // The new order survives the URL round trip the grid keeps it in.
    expect(columnsFromParam(columnsToParam(moveColumn(ids, "params.b", "params.a")))).toEqual([
      "attributes.status",
      "params.b",
      "params.a",
      "params.c",
      "metrics.m",
    ]);
  });

  it("round-trips the chosen columns through the URL, telling no choice from an empty one", () => {
    expect(columnsFromParam(null)).toBeNull();
    expect(columnsFromParam(columnsToParam([]))).toEqual([]);
    const ids = ["attributes.duration", "params.learning rate", "metrics.val/auc", "tags.team"];
    expect(columnsFromParam(columnsToParam(ids))).toEqual(ids);
    expect(columnsFromParam("params.a,bogus,attributes.nope")).toEqual(["params.a"]);
  });

  it("sorts through the server with quoted keys, flipping on a second click; derived attributes do not sort", () => {
    const sort = nextSort({ by: "attributes.start_time", descending: true }, "metrics.val auc");
    expect(orderByClause(sort)).toBe("metrics.`val auc` DESC");
    expect(orderByClause(nextSort(sort, "metrics.val auc"))).toBe("metrics.`val auc` ASC");
    expect(sortKeyOf({ kind: "attributes", key: "duration" })).toBeNull();
    expect(sortKeyOf({ kind: "attributes", key: "user" })).toBe("attributes.user_id");
  });
});

describe("run cells", () => {
  it("formats durations compactly", () => {
    expect([850, 42_000, 185_000, 7_620_000].map(formatDuration)).toEqual(["850ms", "42s", "3m 05s", "2h 07m"]);
  });

  it("reads user, source and logged models from MLflow's tags", () => {
    const r = {
      ...run({}, [], {
        "mlflow.user": "mara",
        "mlflow.source.name": "/home/mara/train.py",
        "mlflow.log-model.history": JSON.stringify([{ artifact_path: "model" }, { artifact_path: "model" }]),
      }),
      start_time: 1000,
      end_time: 4000,
      user_id: "abc",
    } as unknown as Run;
    expect(cellText(r, { kind: "attributes", key: "user" }, 0)).toBe("mara");
    expect(cellText(r, { kind: "attributes", key: "source" }, 0)).toBe("train.py");
    expect(cellText(r, { kind: "attributes", key: "duration" }, 0)).toBe("3s");
    expect(loggedModels(r)).toEqual(["model"]);
    expect(cellText(r, { kind: "tags", key: "missing" }, 0)).toBe("—");
  });
});
