/** One column or tensor of a model signature, as shown in a table. */
export interface SignatureField {
  name: string;
  type: string;
  shape?: string;
  optional?: boolean;
}

export interface ParsedSignature {
  inputs: SignatureField[];
  outputs: SignatureField[];
  params: SignatureField[];
}

function fieldsOf(value: unknown): SignatureField[] {
  // MLmodel files store each part as a JSON string; the API may pass it through as is.
  const list: unknown = typeof value === "string" ? safeParse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.map((raw, i) => {
    const f = (raw ?? {}) as Record<string, unknown>;
    const tensor = f["tensor-spec"] as { dtype?: string; shape?: unknown } | undefined;
    return {
      name: typeof f.name === "string" ? f.name : `#${i}`,
      type: tensor?.dtype ? `tensor<${tensor.dtype}>` : String(f.type ?? f.dtype ?? "unknown"),
      ...(tensor?.shape !== undefined || f.shape !== undefined ? { shape: JSON.stringify(tensor?.shape ?? f.shape) } : {}),
      ...(f.required === false || f.optional === true ? { optional: true } : {}),
    };
  });
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** The signature of a version (MLflow column or tensor specs, or ONNX inputs/outputs), or null. */
export function parseSignature(signature: unknown): ParsedSignature | null {
  if (!signature || typeof signature !== "object") return null;
  const s = signature as Record<string, unknown>;
  const parsed = { inputs: fieldsOf(s.inputs), outputs: fieldsOf(s.outputs), params: fieldsOf(s.params) };
  return parsed.inputs.length || parsed.outputs.length || parsed.params.length ? parsed : null;
}
