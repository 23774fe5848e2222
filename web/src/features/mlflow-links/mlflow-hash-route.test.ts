import { describe, expect, it } from "vitest";
import { describeTarget, parseMlflowHash } from "./mlflow-hash-route";

describe("MLflow's hash routes", () => {
  it("name the run and the experiment the mlflow client prints after a run", () => {
    expect(parseMlflowHash("#/experiments/3/runs/0f1e2d3c4b5a69788796a5b4c3d2e1f0")).toEqual({
      kind: "run",
      experimentId: "3",
      runId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    });
    expect(parseMlflowHash("#/experiments/3")).toEqual({ kind: "experiment", experimentId: "3" });
    expect(parseMlflowHash("#/experiments/3/")).toEqual({ kind: "experiment", experimentId: "3" });
  });

  it("keep the run of a link into its artifacts and the experiment of a logged model or a query", () => {
    expect(parseMlflowHash("#/experiments/1/runs/abc/artifacts/model/MLmodel")).toMatchObject({ kind: "run", runId: "abc" });
    expect(parseMlflowHash("#/experiments/1/models/m-123")).toEqual({ kind: "experiment", experimentId: "1" });
    expect(parseMlflowHash("#/experiments/1?searchFilter=x")).toEqual({ kind: "experiment", experimentId: "1" });
  });

  it("name registered models and versions, decoding their names", () => {
    expect(parseMlflowHash("#/models/churn%20model")).toEqual({ kind: "model", name: "churn model" });
    expect(parseMlflowHash("#/models/churn/versions/12")).toEqual({ kind: "version", name: "churn", version: "12" });
    expect(parseMlflowHash("#/models/churn/versions/latest")).toEqual({ kind: "model", name: "churn" });
  });

  it("open the project for anything else", () => {
    for (const hash of ["", "#", "#/", "#/experiments", "#/compare-runs?runs=[]", "#/models/%E0%A4%A", "#/metric/x"]) {
      expect(parseMlflowHash(hash)).toEqual({ kind: "project" });
    }
  });

  it("describe the target in words", () => {
    expect(describeTarget({ kind: "version", name: "churn", version: "2" })).toBe('version 2 of model "churn"');
  });
});
