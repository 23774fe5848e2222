import type { SignatureField } from "@/lib/signature";

/** How the playground reads one input: a column of a DataFrame signature, or a tensor (one row of it, as JSON). */
export type InputKind = "number" | "integer" | "boolean" | "string" | "tensor";

export interface PlaygroundInput {
  name: string;
  type: string;
  kind: InputKind;
  optional: boolean;
  /** The Open Inference Protocol datatype, for the tritonclient snippet. */
  v2Datatype: string;
}

const COLUMN_KINDS: Record<string, { kind: InputKind; v2: string }> = {
  double: { kind: "number", v2: "FP64" },
  float: { kind: "number", v2: "FP32" },
  long: { kind: "integer", v2: "INT64" },
  integer: { kind: "integer", v2: "INT32" },
  boolean: { kind: "boolean", v2: "BOOL" },
  string: { kind: "string", v2: "BYTES" },
  binary: { kind: "string", v2: "BYTES" },
  datetime: { kind: "string", v2: "BYTES" },
};

const TENSOR_V2: Record<string, string> = {
  float64: "FP64",
  float32: "FP32",
  float16: "FP16",
  int64: "INT64",
  int32: "INT32",
  int16: "INT16",
  int8: "INT8",
  uint8: "UINT8",
  bool: "BOOL",
  str: "BYTES",
  object: "BYTES",
};

/** The form's inputs from a signature's inputs; tensors are entered as one row of JSON. */
export function playgroundInputs(fields: SignatureField[]): PlaygroundInput[] {
  return fields.map((f) => {
    const tensor = /^tensor<(.+)>$/.exec(f.type);
    if (tensor) return { name: f.name, type: f.type, kind: "tensor", optional: !!f.optional, v2Datatype: TENSOR_V2[tensor[1]!] ?? "FP64" };
    const known = COLUMN_KINDS[f.type] ?? { kind: "string" as const, v2: "BYTES" };
    return { name: f.name, type: f.type, kind: known.kind, optional: !!f.optional, v2Datatype: known.v2 };
  });
}

export type BuiltRequest = { ok: true; body: Record<string, unknown>; row: Record<string, unknown> } | { ok: false; field: string; message: string };

function parseValue(input: PlaygroundInput, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = text.trim();
  if (t === "") return input.optional ? { ok: true, value: null } : { ok: false, message: `Enter ${input.name}.` };
  switch (input.kind) {
    case "number": {
      const n = Number(t);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `${input.name} must be a number.` };
    }
    case "integer": {
      const n = Number(t);
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, message: `${input.name} must be a whole number.` };
    }
    case "boolean":
      return t === "true" || t === "false" ? { ok: true, value: t === "true" } : { ok: false, message: `${input.name} must be true or false.` };
    case "tensor":
      try {
        return { ok: true, value: JSON.parse(t) as unknown };
      } catch {
        return { ok: false, message: `${input.name} must be JSON, e.g. [1.0, 2.0].` };
      }
    default:
      return { ok: true, value: t };
  }
}

/**
 * One row of the form as an MLflow scoring body: `dataframe_split` for columns, `inputs` for
 * tensors (a list for one unnamed tensor, an object for named ones).
 */
export function buildScoringRequest(inputs: PlaygroundInput[], values: Record<string, string>): BuiltRequest {
  const row: Record<string, unknown> = {};
  for (const input of inputs) {
    const parsed = parseValue(input, values[input.name] ?? "");
    if (!parsed.ok) return { ok: false, field: input.name, message: parsed.message };
    row[input.name] = parsed.value;
  }
  const tensors = inputs.length > 0 && inputs.every((i) => i.kind === "tensor");
  if (!tensors) return { ok: true, row, body: { dataframe_split: { columns: inputs.map((i) => i.name), data: [inputs.map((i) => row[i.name])] } } };
  const unnamed = inputs.length === 1 && inputs[0]!.name.startsWith("#");
  return { ok: true, row, body: unnamed ? { inputs: [row[inputs[0]!.name]] } : { inputs: Object.fromEntries(inputs.map((i) => [i.name, [row[i.name]]])) } };
}
