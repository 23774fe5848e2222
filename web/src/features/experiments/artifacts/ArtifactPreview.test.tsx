import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { ArtifactPreview } from "./ArtifactPreview";

const projectRef = { org: "acme", project: "churn" };

function serveFile(body: string) {
  return fakeFetch(() => new Response(body, { status: 200, headers: { "Content-Type": "text/plain" } }));
}

describe("ArtifactPreview", () => {
  it("shows an HTML artifact as its source text and never renders it", async () => {
    const { calls } = serveFile("<h1>report</h1><script>window.pwned = true</script>");
    const { container } = renderWithProviders(<ArtifactPreview projectRef={projectRef} runId="r1" entry={{ path: "out/report.html", name: "report.html", size: 60 }} />);
    expect(await screen.findByLabelText("Contents of report.html")).toHaveTextContent("<h1>report</h1><script>");
    expect(container.querySelector("h1, script")).toBeNull();
    expect(calls[0]?.path).toBe("/api/v1/orgs/acme/projects/churn/runs/r1/artifacts/out/report.html");
  });

  it("indents JSON", async () => {
    serveFile('{"auc":0.9}');
    renderWithProviders(<ArtifactPreview projectRef={projectRef} runId="r1" entry={{ path: "m.json", name: "m.json", size: 11 }} />);
    expect((await screen.findByLabelText("Contents of m.json")).textContent).toBe('{\n  "auc": 0.9\n}');
  });

  it("renders CSV rows as a table", async () => {
    serveFile("step,loss\n0,0.69\n1,0.51\n");
    renderWithProviders(<ArtifactPreview projectRef={projectRef} runId="r1" entry={{ path: "c.csv", name: "c.csv", size: 25 }} />);
    const table = await screen.findByRole("table", { name: "Preview of c.csv" });
    expect(table).toHaveTextContent("loss");
    expect(screen.getByRole("cell", { name: "0.51" })).toBeInTheDocument();
  });

  it("offers binaries as a download without fetching them", () => {
    const { calls } = serveFile("");
    renderWithProviders(<ArtifactPreview projectRef={projectRef} runId="r1" entry={{ path: "model.pkl", name: "model.pkl", size: 9 }} />);
    expect(screen.getByText(/No preview for this kind of file/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
