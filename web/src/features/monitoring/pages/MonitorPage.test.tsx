import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json, type Call } from "../../../../test/fake-server";
import { driftReport, monitor, performanceReport, qualityReport, seriesReport, serviceReport } from "../../../../test/monitor-fixtures";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { MonitorPage } from "./MonitorPage";

// uPlot reads matchMedia when it loads, which jsdom lacks; the charts stay empty here (no layout) anyway.
vi.mock("uplot", () => ({ default: class {} }));

const BASE = "/api/v1/orgs/acme/projects/churn-model/monitors/churn";

beforeAll(() => {
  // jsdom has no layout: charts measure 0 wide and stay empty, which is all these tests need.
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
});

function Where() {
  const location = useLocation();
  return <output aria-label="URL">{location.search}</output>;
}

function renderPage(search: string, role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route
          path="/o/:org/projects/:project/monitoring/:monitor"
          element={
            <>
              <MonitorPage />
              <Where />
            </>
          }
        />
      </Routes>
    </CurrentOrgProvider>,
    { route: `/o/acme/projects/churn-model/monitoring/churn${search}` },
  );
}

function server(extra: (call: Call) => Response | null = () => null) {
  return fakeFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === BASE) return json(200, monitor());
    if (call.path === "/api/v1/orgs/acme/projects/churn-model/deployments") return json(200, { deployments: [{ id: "d".repeat(32), name: "churn" }] });
    if (call.path === `${BASE}/service`) return json(200, serviceReport());
    if (call.path === `${BASE}/drift`) return json(200, driftReport());
    if (call.path === `${BASE}/quality`) return json(200, qualityReport());
    if (call.path === `${BASE}/performance`) return json(200, performanceReport());
    if (call.path === `${BASE}/series`) return json(200, seriesReport());
    return json(404, { error: { code: "not_found", message: `no ${call.path}`, request_id: "r" } });
  });
}

const query = (c: Call) => new URLSearchParams(c.query);

describe("MonitorPage", () => {
  it("shows the service totals for the last hour and links to the deployment", async () => {
    const { calls } = server();
    renderPage("");
    const totals = await screen.findByLabelText("Service totals");
    expect(totals).toHaveTextContent("Requests100");
    expect(totals).toHaveTextContent("Error rate2%");
    expect(totals).toHaveTextContent("p99 latency42 ms");
    expect(screen.getByRole("list", { name: "Rejected inputs by field" })).toHaveTextContent("tenure3");
    expect(screen.getByRole("link", { name: "churn" })).toHaveAttribute("href", "/o/acme/projects/churn-model/deployments/churn");
    expect(screen.getByText(/Live: refreshed every 10 seconds/)).toBeInTheDocument();
    const service = calls.find((c) => c.path === `${BASE}/service`)!;
    expect(Number(query(service).get("to")) - Number(query(service).get("from"))).toBe(3_600_000);
  });

  it("refetches the live reports on each update the monitor's event stream pushes", async () => {
    let push: ((text: string) => void) | null = null;
    const { calls } = server((call) => {
      if (call.path !== `${BASE}/events`) return null;
      const body = new ReadableStream<Uint8Array>({
        start: (c) => {
          push = (text) => c.enqueue(new TextEncoder().encode(text));
          push('event: ready\ndata: {"monitor": "churn"}\n\n');
        },
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
    });
    renderPage("");
    await screen.findByLabelText("Service totals");
    expect(await screen.findByText(/Live: updated as traffic arrives/)).toBeInTheDocument();
    const before = calls.filter((c) => c.path === `${BASE}/service`).length;
    push!('event: update\ndata: {"written_at": 1}\n\n');
    await vi.waitFor(() => expect(calls.filter((c) => c.path === `${BASE}/service`).length).toBeGreaterThan(before));
  });

  it("asks for a preset's span, and a custom range goes into the URL and stops the refresh", async () => {
    const { calls } = server();
    renderPage("");
    await screen.findByLabelText("Service totals");
    await userEvent.selectOptions(screen.getByLabelText("Time range"), "7d");
    expect(screen.getByLabelText("URL")).toHaveTextContent("?range=7d");
    await vi.waitFor(() => {
      const last = calls.filter((c) => c.path === `${BASE}/service`).at(-1)!;
      expect(Number(query(last).get("to")) - Number(query(last).get("from"))).toBe(7 * 86_400_000);
    });
    await userEvent.selectOptions(screen.getByLabelText("Time range"), "custom");
    await userEvent.clear(screen.getByLabelText("From"));
    await userEvent.type(screen.getByLabelText("From"), "2024-05-01T10:00");
    await userEvent.clear(screen.getByLabelText("To"));
    await userEvent.type(screen.getByLabelText("To"), "2024-05-01T12:00");
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    const from = new Date("2024-05-01T10:00").getTime();
    const to = new Date("2024-05-01T12:00").getTime();
    expect(screen.getByLabelText("URL")).toHaveTextContent(`?from=${from}&to=${to}`);
    await vi.waitFor(() =>
      expect(calls.some((c) => c.path === `${BASE}/service` && query(c).get("from") === String(from) && query(c).get("to") === String(to))).toBe(true),
    );
    expect(screen.queryByText(/Live: refreshed/)).not.toBeInTheDocument();
  });

  it("lists drifted features first and overlays the selected feature's histograms", async () => {
    server();
    renderPage("?tab=drift");
    const table = await screen.findByRole("table", { name: "Drift by feature" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("tenure");
    expect(rows[0]).toHaveTextContent("Drifted");
    expect(rows[1]).toHaveTextContent("plan");
    expect(rows[1]).toHaveTextContent("p < 0.05");
    expect(rows[2]).toHaveTextContent("regionChi-squared——p < 0.05Not testedno values in the current window");
    expect(screen.getByText("Dataset drift")).toBeInTheDocument();
    expect(screen.getByText(/Not compared \(numbers on one side, labels on the other\): zip/)).toBeInTheDocument();
    // The most drifted feature is selected first.
    expect(screen.getByRole("table", { name: /Histogram of tenure/ })).toHaveTextContent("≥2430%70%");
    await userEvent.click(within(table).getByRole("button", { name: "plan" }));
    expect(screen.getByLabelText("URL")).toHaveTextContent("feature=plan");
    expect(screen.getByRole("table", { name: /Histogram of plan/ })).toHaveTextContent("pro50%55%");
    const heatmap = await screen.findByRole("table", { name: "Drift score by feature over time" });
    expect(within(heatmap).getAllByRole("cell", { name: /tenure at .*: 0.31, drifted/ })).toHaveLength(1);
  });

  it("compares with another window through baseline_from and baseline_to", async () => {
    const { calls } = server();
    renderPage("?tab=drift");
    await screen.findByRole("table", { name: "Drift by feature" });
    await userEvent.click(screen.getByRole("button", { name: "Compare with another window…" }));
    await userEvent.clear(screen.getByLabelText("Baseline from"));
    await userEvent.type(screen.getByLabelText("Baseline from"), "2024-04-01T00:00");
    await userEvent.clear(screen.getByLabelText("Baseline to"));
    await userEvent.type(screen.getByLabelText("Baseline to"), "2024-04-02T00:00");
    await userEvent.click(screen.getByRole("button", { name: "Compare" }));
    const from = String(new Date("2024-04-01T00:00").getTime());
    await vi.waitFor(() => expect(calls.some((c) => c.path === `${BASE}/drift` && query(c).get("baseline_from") === from)).toBe(true));
    expect(screen.getByLabelText("URL")).toHaveTextContent(`baseline_from=${from}`);
    expect(screen.getByText(/^Compared with /)).toBeInTheDocument();
  });

  it("asks to set a reference when the drift report answers 409", async () => {
    server((c) =>
      c.path === `${BASE}/drift` ? json(409, { error: { code: "conflict", message: "the monitor has no reference data yet", request_id: "r" } }) : null,
    );
    renderPage("?tab=drift");
    expect(await screen.findByText("No reference data yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Set the reference" })).toHaveAttribute("href", "/o/acme/projects/churn-model/monitoring/churn?tab=settings");
  });

  it("shows data quality per feature, worst missing share first", async () => {
    server();
    renderPage("?tab=quality");
    const table = await screen.findByRole("table", { name: "Data quality by feature" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("plan");
    expect(rows[0]).toHaveTextContent("10%");
    expect(rows[0]).toHaveTextContent("enterprise (12)");
    expect(rows[1]).toHaveTextContent("tenure");
    expect(rows[1]).toHaveTextContent("0 / 30.5 / 72");
  });

  it("shows performance with its label coverage, a dash for metrics not computed, and the confusion matrix", async () => {
    server();
    renderPage("?tab=performance");
    const totals = await screen.findByLabelText("Performance totals");
    expect(totals).toHaveTextContent("Label coverage33.3% (300 of 900)");
    expect(totals).toHaveTextContent("Accuracy0.9");
    expect(totals).toHaveTextContent("ROC AUC—");
    const matrix = screen.getByRole("table", { name: "Confusion matrix" });
    expect(within(matrix).getAllByRole("row")[2]).toHaveTextContent("12070");
  });

  it("sets the reference from a CSV file", async () => {
    const { calls } = server((c) =>
      c.path === `${BASE}/reference` ? json(200, { source: "csv", rows: 2, created_at: 2, features: { tenure: "numeric" } }) : null,
    );
    renderPage("?tab=settings");
    expect(await screen.findByText(/From an uploaded CSV file: 5,000 rows/)).toBeInTheDocument();
    const file = new File(["tenure,plan\n1,basic\n2,pro\n"], "train.csv", { type: "text/csv" });
    await userEvent.upload(screen.getByLabelText("Reference CSV or Parquet file"), file);
    await vi.waitFor(() => expect(calls.some((c) => c.path === `${BASE}/reference`)).toBe(true));
    const put = calls.find((c) => c.path === `${BASE}/reference`)!;
    expect(put.method).toBe("PUT");
    expect(put.body).toBe("tenure,plan\n1,basic\n2,pro\n");
  });

  it("sends a Parquet file's bytes as they are", async () => {
    const { calls } = server((c) =>
      c.path === `${BASE}/reference` ? json(200, { source: "parquet", rows: 2, created_at: 2, features: { tenure: "numeric" } }) : null,
    );
    renderPage("?tab=settings");
    await screen.findByText(/From an uploaded CSV file/);
    const bytes = "PAR1 not decoded in the browser PAR1";
    await userEvent.upload(screen.getByLabelText("Reference CSV or Parquet file"), new File([bytes], "train.parquet"));
    await vi.waitFor(() => expect(calls.some((c) => c.path === `${BASE}/reference`)).toBe(true));
    const put = calls.find((c) => c.path === `${BASE}/reference`)!;
    expect(put.method).toBe("PUT");
    expect(put.contentType).toBe("application/vnd.apache.parquet");
    expect(put.body).toBe(bytes);
  });

  it("takes the training dataset a run logged as the reference", async () => {
    const { calls } = server((c) =>
      c.path === `${BASE}/reference` ? json(200, { source: "dataset", dataset: "dataset 'train' of run r1", rows: 300, created_at: 0, features: {} }) : null,
    );
    renderPage("?tab=settings");
    const form = await screen.findByRole("form", { name: "Training dataset" });
    await userEvent.type(within(form).getByLabelText(/Run ID/), "r1");
    await userEvent.click(within(form).getByRole("button", { name: "Use this dataset" }));
    await vi.waitFor(() => expect(calls.some((c) => c.path === `${BASE}/reference`)).toBe(true));
    expect(JSON.parse(calls.find((c) => c.path === `${BASE}/reference`)!.body)).toEqual({ dataset: { run_id: "r1" } });
  });

  it("checks the settings as the server does, then sends the whole configuration", async () => {
    const { calls } = server((c) => (c.path === BASE && c.method === "PATCH" ? json(200, monitor({ updated_at: 2 })) : null));
    renderPage("?tab=settings");
    const share = await screen.findByLabelText("Dataset drift share");
    await userEvent.clear(share);
    await userEvent.type(share, "1.5");
    await userEvent.type(screen.getByLabelText("Threshold for all features"), "0");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("A share above 0 and at most 1 (0.5 is Evidently's default).")).toBeInTheDocument();
    expect(screen.getByText(/A number above 0, at most 100/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    await userEvent.clear(share);
    await userEvent.type(share, "0.3");
    await userEvent.clear(screen.getByLabelText("Threshold for all features"));
    await userEvent.selectOptions(screen.getByLabelText("Drift test for all features"), "psi");
    await userEvent.click(screen.getByRole("button", { name: "Add an override" }));
    await userEvent.type(screen.getByLabelText("Feature 1"), "tenure");
    await userEvent.selectOptions(screen.getByLabelText("Test for feature 1"), "ks");
    await userEvent.type(screen.getByLabelText("Threshold for feature 1"), "0.01");
    await userEvent.type(screen.getByLabelText("Ignored features"), "plan, id");
    await userEvent.selectOptions(screen.getByLabelText("Task"), "classification");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === "PATCH")!.body)).toEqual({
      config: {
        drift_share: 0.3,
        method: "psi",
        threshold: null,
        features: { tenure: { method: "ks", threshold: 0.01 } },
        ignore: ["plan", "id"],
        window_minutes: 60,
        evaluation_minutes: 5,
        task: "classification",
      },
    });
  });

  it("shows a viewer the reference but no way to change it", async () => {
    server();
    renderPage("?tab=settings", "viewer");
    expect(await screen.findByText(/From an uploaded CSV file/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Reference CSV file")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save settings" })).not.toBeInTheDocument();
  });
});
