import { describe, expect, it } from "vitest";
import { buildScoringRequest, playgroundInputs } from "./playground";

describe("playground requests", () => {
  const columns = playgroundInputs([
    { name: "tenure", type: "long" },
    { name: "charges", type: "double" },
    { name: "plan", type: "string", optional: true },
  ]);

  it("builds one dataframe_split row from a column signature, with typed values", () => {
    const r = buildScoringRequest(columns, { tenure: "12", charges: "70.5", plan: "" });
    expect(r).toEqual({
      ok: true,
      row: { tenure: 12, charges: 70.5, plan: null },
      body: { dataframe_split: { columns: ["tenure", "charges", "plan"], data: [[12, 70.5, null]] } },
    });
  });

  it("names the column at fault", () => {
    expect(buildScoringRequest(columns, { tenure: "1.5", charges: "1" })).toEqual({ ok: false, field: "tenure", message: "tenure must be a whole number." });
    expect(buildScoringRequest(columns, { tenure: "1" })).toEqual({ ok: false, field: "charges", message: "Enter charges." });
  });

  it("sends an unnamed tensor as a list of rows and named tensors as an object", () => {
    const unnamed = playgroundInputs([{ name: "#0", type: "tensor<float32>", shape: "[-1, 3]" }]);
    expect(unnamed[0]).toMatchObject({ kind: "tensor", v2Datatype: "FP32" });
    expect(buildScoringRequest(unnamed, { "#0": "[1, 2, 3]" })).toMatchObject({ ok: true, body: { inputs: [[1, 2, 3]] } });
    const named = playgroundInputs([{ name: "image", type: "tensor<uint8>" }]);
    expect(buildScoringRequest(named, { image: "[0, 255]" })).toMatchObject({ ok: true, body: { inputs: { image: [[0, 255]] } } });
    expect(buildScoringRequest(named, { image: "[0," })).toMatchObject({ ok: false, field: "image" });
  });
});
