import { describe, expect, it } from "vitest";
import { KEY_PLACEHOLDER, quickStartSnippets } from "./quick-start-snippets";

describe("quick start snippets", () => {
  it("point every client at this server's project", () => {
    const s = quickStartSnippets("https://cairn.example.com", "acme", "churn", "cairn_abc_def");
    expect(s.mlflow).toContain("export MLFLOW_TRACKING_URI=https://cairn.example.com/p/acme/churn");
    expect(s.mlflow).toContain("export MLFLOW_TRACKING_TOKEN=cairn_abc_def");
    expect(s.sdk).toContain('Cairn(url="https://cairn.example.com", api_key="cairn_abc_def", org="acme", project="churn")');
    expect(s.curl).toContain("https://cairn.example.com/api/v1/orgs/acme/projects/churn/experiments");
  });

  it("hold a placeholder until a key is made", () => {
    const s = quickStartSnippets("http://localhost:8080", "acme", "churn", null);
    expect(s.curl).toContain(KEY_PLACEHOLDER);
    expect(s.mlflow).toContain(`MLFLOW_TRACKING_TOKEN=${KEY_PLACEHOLDER}`);
  });
});
