import { describe, expect, it } from "vitest";
import { parseSignature } from "./signature";

describe("parseSignature", () => {
  it("reads MLflow column specs stored as JSON strings", () => {
    const sig = parseSignature({
      inputs: '[{"type": "double", "name": "age", "required": true}, {"type": "string", "name": "plan", "required": false}]',
      outputs: '[{"type": "long"}]',
    });
    expect(sig?.inputs).toEqual([
      { name: "age", type: "double" },
      { name: "plan", type: "string", optional: true },
    ]);
    expect(sig?.outputs).toEqual([{ name: "#0", type: "long" }]);
  });

  it("reads tensor specs with their shapes", () => {
    const sig = parseSignature({ inputs: [{ type: "tensor", "tensor-spec": { dtype: "float32", shape: [-1, 4] } }] });
    expect(sig?.inputs[0]).toEqual({ name: "#0", type: "tensor<float32>", shape: "[-1,4]" });
  });

  it("is null when there is nothing to show", () => {
    expect(parseSignature(null)).toBeNull();
    expect(parseSignature({ inputs: "not json" })).toBeNull();
  });
});
