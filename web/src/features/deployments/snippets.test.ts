import { describe, expect, it } from "vitest";
import { playgroundInputs } from "./playground";
import { buildSnippets, pyLiteral, shapeOf } from "./snippets";

const url = "https://cairn.example.com/api/v1/orgs/acme/projects/churn-model/deployments/churn/invocations";

describe("snippets", () => {
  const inputs = playgroundInputs([
    { name: "tenure", type: "long" },
    { name: "active", type: "boolean" },
  ]);
  const row = { tenure: 12, active: true };
  const body = { dataframe_split: { columns: ["tenure", "active"], data: [[12, true]] } };
  const s = buildSnippets({ invocationsUrl: url, endpointName: "churn-model-churn", body, inputs, row });

  it("writes JSON values as Python literals", () => {
    expect(pyLiteral({ a: [1, null, true, false, "x"] })).toBe('{"a": [1, None, True, False, "x"]}');
    expect(shapeOf([[1, 2, 3]])).toEqual([1, 3]);
  });

  it("gives curl the real URL, the key from the environment and the exact body", () => {
    expect(s.curl).toContain(`curl -sS -X POST '${url}'`);
    expect(s.curl).toContain('-H "Authorization: Bearer $CAIRN_API_KEY"');
    expect(s.curl).toContain(`-d '${JSON.stringify(body)}'`);
  });

  it("gives Python requests and mlflow the same request", () => {
    expect(s.python).toContain(`json={"dataframe_split": {"columns": ["tenure", "active"], "data": [[12, True]]}}`);
    expect(s.python).toContain(`"${url}"`);
    expect(s.mlflow).toContain('data = pd.DataFrame([{"tenure": 12, "active": True}])');
    expect(s.mlflow).toContain("dump_input_data(data)");
  });

  it("gives tritonclient the server's host, TLS, the endpoint name and one typed input per column", () => {
    expect(s.tritonclient).toContain('InferenceServerClient(url="cairn.example.com", ssl=True)');
    expect(s.tritonclient).toContain('x0 = httpclient.InferInput("tenure", [1], "INT64")');
    expect(s.tritonclient).toContain("x0.set_data_from_numpy(np.array([12], dtype=np.int64))");
    expect(s.tritonclient).toContain('x1 = httpclient.InferInput("active", [1], "BOOL")');
    expect(s.tritonclient).toContain('client.infer("churn-model-churn", [x0, x1], headers=headers)');
  });
});
