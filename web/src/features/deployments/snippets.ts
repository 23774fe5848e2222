import type { PlaygroundInput } from "./playground";

/** The same request in the four ways people call a deployment: curl, Python requests, mlflow, tritonclient. */
export interface Snippets {
  curl: string;
  python: string;
  mlflow: string;
  tritonclient: string;
}

const KEY_ENV = "CAIRN_API_KEY";

/** A JSON value as a Python literal (True/False/None; strings and numbers as JSON writes them). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const NUMPY_DTYPE: Record<string, string> = {
  FP64: "np.float64",
  FP32: "np.float32",
  FP16: "np.float16",
  INT64: "np.int64",
  INT32: "np.int32",
  INT16: "np.int16",
  INT8: "np.int8",
  UINT8: "np.uint8",
  BOOL: "np.bool_",
  BYTES: "np.object_",
};

/** The shape of a nested JSON list ([[1, 2], [3, 4]] → [2, 2]; a scalar → []). */
export function shapeOf(value: unknown): number[] {
  return Array.isArray(value) ? [value.length, ...shapeOf(value[0])] : [];
}

function tritonInputs(inputs: PlaygroundInput[], row: Record<string, unknown>): string[] {
  return inputs.map((input, i) => {
    const name = input.name.startsWith("#") ? `input-${i}` : input.name;
    const batch = [row[input.name]];
    return [
      `x${i} = httpclient.InferInput(${JSON.stringify(name)}, ${JSON.stringify(shapeOf(batch))}, ${JSON.stringify(input.v2Datatype)})`,
      `x${i}.set_data_from_numpy(np.array(${pyLiteral(batch)}, dtype=${NUMPY_DTYPE[input.v2Datatype] ?? "np.float64"}))`,
    ].join("\n");
  });
}

/** The snippets for one request body sent to `invocationsUrl`; tritonclient names the deployment by `endpointName`. */
export function buildSnippets(args: {
  invocationsUrl: string;
  endpointName: string;
  body: Record<string, unknown>;
  inputs: PlaygroundInput[];
  row: Record<string, unknown>;
}): Snippets {
  const { invocationsUrl, endpointName, body, inputs, row } = args;
  const url = new URL(invocationsUrl);
  const json = JSON.stringify(body);
  const curl = [
    `curl -sS -X POST ${shellQuote(invocationsUrl)} \\`,
    `  -H "Authorization: Bearer $${KEY_ENV}" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(json)}`,
  ].join("\n");
  const python = [
    "import os",
    "",
    "import requests",
    "",
    "response = requests.post(",
    `    ${JSON.stringify(invocationsUrl)},`,
    `    headers={"Authorization": f"Bearer {os.environ['${KEY_ENV}']}"},`,
    `    json=${pyLiteral(body)},`,
    "    timeout=30,",
    ")",
    "response.raise_for_status()",
    'print(response.json()["predictions"])',
  ].join("\n");
  const columns = "dataframe_split" in body;
  const mlflow = [
    "# The MLflow scoring protocol, serialized by mlflow as `mlflow models predict` does.",
    "import os",
    "",
    ...(columns ? ["import pandas as pd"] : ["import numpy as np"]),
    "import requests",
    "from mlflow.utils.proto_json_utils import dump_input_data",
    "",
    columns ? `data = pd.DataFrame([${pyLiteral(row)}])` : `data = ${inputs.length === 1 && inputs[0]!.name.startsWith("#") ? `np.array(${pyLiteral((body.inputs as unknown[]) ?? [])})` : `{k: np.array(v) for k, v in ${pyLiteral(body.inputs)}.items()}`}`,
    "response = requests.post(",
    `    ${JSON.stringify(invocationsUrl)},`,
    `    headers={"Authorization": f"Bearer {os.environ['${KEY_ENV}']}", "Content-Type": "application/json"},`,
    "    data=dump_input_data(data),",
    "    timeout=30,",
    ")",
    "response.raise_for_status()",
    'print(response.json()["predictions"])',
  ].join("\n");
  const https = url.protocol === "https:";
  const tritonclient = [
    "# pip install 'tritonclient[http]' numpy",
    "import os",
    "",
    "import numpy as np",
    "import tritonclient.http as httpclient",
    "",
    `client = httpclient.InferenceServerClient(url=${JSON.stringify(url.host)}${https ? ", ssl=True" : ""})`,
    `headers = {"Authorization": f"Bearer {os.environ['${KEY_ENV}']}"}`,
    ...tritonInputs(inputs, row),
    `result = client.infer(${JSON.stringify(endpointName)}, [${inputs.map((_, i) => `x${i}`).join(", ")}], headers=headers)`,
    "print(result.get_response())",
  ].join("\n");
  return { curl, python, mlflow, tritonclient };
}
