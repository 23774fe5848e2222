import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fireEvent } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { deployment, org, revisions } from "../../../../test/deployment-fixtures";
import { fakeFetch, json, type Call } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { DeploymentPage } from "./DeploymentPage";

const BASE = "/api/v1/orgs/acme/projects/churn-model/deployments/churn";

function renderPage(tab: string, role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route path="/o/:org/projects/:project/deployments/:deployment" element={<DeploymentPage />} />
        <Route path="/o/:org/projects/:project/deployments" element={<p>all deployments</p>} />
      </Routes>
    </CurrentOrgProvider>,
    { route: `/o/acme/projects/churn-model/deployments/churn${tab ? `?tab=${tab}` : ""}` },
  );
}

const version = {
  model_name: "churn-classifier",
  version: 4,
  signature: { inputs: '[{"name": "tenure", "type": "long"}, {"name": "charges", "type": "double"}]', outputs: "[]" },
  input_example: null,
};

/** The server of these tests: the deployment and its parts, and what each change answers. */
function server(extra: (call: Call) => Response | null = () => null) {
  return fakeFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === BASE) return json(200, deployment());
    if (call.path === `${BASE}/revisions`) return json(200, { revisions });
    if (call.path === `${BASE}/events`) return json(200, { events: [{ at: 5000, actor: "system", kind: "alias_moved", message: "alias champion moved to v4: revision 3" }] });
    if (call.path.endsWith("/models/churn-classifier/versions/4")) return json(200, version);
    return json(404, { error: { code: "not_found", message: `no ${call.path}`, request_id: "r" } });
  });
}

describe("DeploymentPage", () => {
  it("shows the status, endpoint, workers and events", async () => {
    server();
    renderPage("");
    expect(await screen.findByRole("heading", { name: /churn/ })).toHaveTextContent("healthy");
    expect(screen.getAllByText(deployment().urls.invocations).length).toBeGreaterThan(0);
    expect(screen.getByRole("table", { name: "Workers" })).toHaveTextContent("4242");
    expect(await screen.findByText("alias champion moved to v4: revision 3")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  });

  it("links to the deployment's monitoring dashboard once its monitor is known", async () => {
    const { calls } = server((call) => (call.path === `${BASE}/monitor` ? json(200, { id: "m".repeat(32), name: "churn-monitor", deployment_id: "d".repeat(32) }) : null));
    renderPage("");
    expect(await screen.findByRole("link", { name: "Monitoring" })).toHaveAttribute("href", "/o/acme/projects/churn-model/monitoring/churn-monitor");
    expect(calls.filter((c) => c.path === `${BASE}/monitor`)).toHaveLength(1);
  });

  it("rolls back to an earlier revision after a confirmation", async () => {
    const { calls } = server((call) => (call.path === `${BASE}/rollback` ? json(200, deployment({ revision: 4, model_version: 3 })) : call.path.includes("/diff/") ? json(200, { from: 2, to: 3, changes: [{ path: "version", from: 3, to: 4 }] }) : null));
    renderPage("revisions");
    expect(await screen.findByRole("table", { name: "Changes from r2 to r3" })).toHaveTextContent("version34");
    await userEvent.click(screen.getByRole("button", { name: "Roll back to r2" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("A new revision r4 will serve churn-classifier v3");
    await userEvent.click(within(dialog).getByRole("button", { name: "Roll back to r2" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const post = calls.find((c) => c.path === `${BASE}/rollback`)!;
    expect(post.method).toBe("POST");
    expect(JSON.parse(post.body)).toEqual({ revision: 2 });
  });

  it("splits traffic with the slider and confirms before it changes", async () => {
    const { calls } = server((call) => (call.path === `${BASE}/traffic` ? json(200, deployment()) : null));
    renderPage("traffic");
    await userEvent.selectOptions(await screen.findByLabelText("Canary revision"), "2");
    fireEvent.change(screen.getByLabelText(/Canary share/), { target: { value: "20" } });
    expect(screen.getByText(/Result: 80% to r3 and 20% to r2/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Apply traffic…" }));
    const dialog = await screen.findByRole("dialog");
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Apply" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === "PUT")!.body)).toEqual({
      routes: [
        { revision: 3, weight: 80 },
        { revision: 2, weight: 20 },
      ],
      shadow: null,
    });
  });

  it("builds the playground from the signature, sends the row and shows the answer and the same request as code", async () => {
    const { calls } = server((call) =>
      call.path === `${BASE}/invocations`
        ? new Response(JSON.stringify({ predictions: [1] }), { status: 200, headers: { "Content-Type": "application/json", "X-Request-Id": "rq-1", "X-Cairn-Revision": "3" } })
        : null,
    );
    renderPage("playground");
    await userEvent.type(await screen.findByLabelText("tenure (long)"), "12");
    await userEvent.type(screen.getByLabelText("charges (double)"), "70.5");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    const answer = await screen.findByRole("region", { name: "Answer" });
    expect(answer).toHaveTextContent("HTTP 200");
    expect(answer).toHaveTextContent("revision r3");
    expect(answer).toHaveTextContent('"predictions"');
    const sent = calls.find((c) => c.path === `${BASE}/invocations`)!;
    expect(JSON.parse(sent.body)).toEqual({ dataframe_split: { columns: ["tenure", "charges"], data: [[12, 70.5]] } });
    expect(screen.getByLabelText("curl snippet")).toHaveTextContent(deployment().urls.invocations);
    await userEvent.click(screen.getByRole("button", { name: "tritonclient" }));
    expect(screen.getByLabelText("tritonclient snippet")).toHaveTextContent('client.infer("churn-model-churn", [x0, x1], headers=headers)');
  });

  it("shows the model's 400 naming the column as it came", async () => {
    server((call) =>
      call.path === `${BASE}/invocations` ? json(400, { error: { code: "bad_request", message: "column 'tenure': expected long, got string", request_id: "rq-2", field: "tenure" } }) : null,
    );
    renderPage("playground");
    await userEvent.type(await screen.findByLabelText("tenure (long)"), "1");
    await userEvent.type(screen.getByLabelText("charges (double)"), "2");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    const answer = await screen.findByRole("region", { name: "Answer" });
    expect(answer).toHaveTextContent("HTTP 400");
    expect(answer).toHaveTextContent("column 'tenure': expected long, got string");
  });

  it("follows the logs live and searches the stored ones", async () => {
    const sse = ["event: log", 'data: {"at": 0, "worker": 0, "stream": "stderr", "line": "model loaded"}', "", ""].join("\n");
    const { calls } = server((call) => {
      if (call.path === `${BASE}/logs/stream`) {
        // Stays open, as the server's stream does.
        const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode(sse)) });
        return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
      }
      if (call.path === `${BASE}/logs`) return json(200, { lines: [{ at: 0, worker: 1, stream: "stdout", line: "predict took 3 ms" }] });
      return null;
    });
    renderPage("logs");
    expect(await screen.findByText("model loaded")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Search logs"), "took");
    expect(await screen.findByText("predict took 3 ms")).toBeInTheDocument();
    expect(calls.find((c) => c.path === `${BASE}/logs`)!.query).toContain("q=took");
  });

  it("saves a changed setting as a new revision, and deletes only after the name is typed", async () => {
    const { calls } = server((call) => {
      if (call.path === BASE && call.method === "PATCH") return json(200, deployment({ revision: 4 }));
      if (call.path === BASE && call.method === "DELETE") return json(204, null);
      return null;
    });
    renderPage("settings");
    const batch = await screen.findByLabelText("Max batch size (rows)");
    await userEvent.clear(batch);
    await userEvent.type(batch, "64");
    await userEvent.click(screen.getByRole("button", { name: "Save as a new revision" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === "PATCH")!.body)).toEqual({ config: { batching: { max_batch_size: 64, max_queue_delay_ms: 5 } } });

    await userEvent.click(screen.getByRole("button", { name: "Delete deployment" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByRole("button", { name: "Delete" })).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Type churn to confirm"), "churn");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("all deployments")).toBeInTheDocument();
  });
});
