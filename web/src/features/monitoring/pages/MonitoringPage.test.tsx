import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { driftReport, monitor, qualityReport, serviceReport } from "../../../../test/monitor-fixtures";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { MonitoringPage } from "./MonitoringPage";

const P = "/api/v1/orgs/acme/projects/churn-model";

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org()}>
      <Routes>
        <Route path="/o/:org/projects/:project/monitoring" element={<MonitoringPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn-model/monitoring?range=24h" },
  );
}

describe("MonitoringPage", () => {
  it("shows each monitor's traffic, p99, error rate, drift and worst missing share, with no reference said plainly", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path === `${P}/monitors`)
        return json(200, { monitors: [monitor(), monitor({ id: "e".repeat(32), name: "fraud-external", deployment_id: null, reference: null })] });
      if (call.path === `${P}/deployments`) return json(200, { deployments: [{ id: "d".repeat(32), name: "churn" }] });
      if (call.path.endsWith("/service")) return json(200, serviceReport());
      if (call.path === `${P}/monitors/churn/drift`) return json(200, driftReport());
      if (call.path === `${P}/monitors/fraud-external/drift`) return json(409, { error: { code: "conflict", message: "no reference", request_id: "r" } });
      if (call.path.endsWith("/quality")) return json(200, qualityReport());
      return json(404, { error: { code: "not_found", message: call.path, request_id: "r" } });
    });
    renderPage();
    const table = await screen.findByRole("table", { name: "Monitors" });
    const churn = within(table).getByRole("link", { name: "churn" }).closest("tr")!;
    expect(within(table).getByRole("link", { name: "churn" })).toHaveAttribute("href", "/o/acme/projects/churn-model/monitoring/churn");
    expect(churn).toHaveTextContent("Deployment churn");
    await vi.waitFor(() => expect(churn).toHaveTextContent("42 ms"));
    expect(churn).toHaveTextContent("100");
    expect(churn).toHaveTextContent("42 ms");
    expect(churn).toHaveTextContent("2%");
    expect(await within(churn).findByText("Drift")).toBeInTheDocument();
    expect(churn).toHaveTextContent("1/3 features");
    await vi.waitFor(() => expect(churn).toHaveTextContent("10% plan"));
    const external = within(table).getByRole("link", { name: "fraud-external" }).closest("tr")!;
    expect(external).toHaveTextContent("API");
    expect(await within(external).findByText("No reference")).toBeInTheDocument();
    const drift = calls.find((c) => c.path === `${P}/monitors/churn/drift`)!;
    const q = new URLSearchParams(drift.query);
    expect(Number(q.get("to")) - Number(q.get("from"))).toBe(86_400_000);
  });

  it("says how monitors appear when there are none", async () => {
    fakeFetch((call) => (call.path === `${P}/monitors` ? json(200, { monitors: [] }) : json(200, { deployments: [] })));
    renderPage();
    expect(await screen.findByText("No monitors yet")).toBeInTheDocument();
  });
});
