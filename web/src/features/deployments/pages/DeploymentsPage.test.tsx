import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { deployment, environments, org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { DeploymentsPage } from "./DeploymentsPage";

function renderPage(role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route path="/o/:org/projects/:project/deployments" element={<DeploymentsPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn-model/deployments" },
  );
}

const stats = {
  window_seconds: 300,
  bucket_seconds: 5,
  buckets: [],
  totals: { requests: 3000, errors: 7, requests_per_second: 10, p50_ms: 1.2, p99_ms: 23.4, cache_hits: 0 },
};

describe("DeploymentsPage", () => {
  it("explains what a deployment is and links to the registry when there is none", async () => {
    fakeFetch((call) => (call.path.endsWith("/environments") ? json(200, { environments }) : json(200, { deployments: [], next_cursor: null })));
    renderPage();
    expect(await screen.findByText("No deployments yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the model registry" })).toHaveAttribute("href", "/o/acme/projects/churn-model/models");
    expect(screen.getByRole("link", { name: /Deploy a model/ })).toBeInTheDocument();
  });

  it("lists deployments by environment with state, model, revision, traffic and their live statistics", async () => {
    const list = [
      deployment(),
      deployment({ id: "e".repeat(32), name: "fraud", environment: "production", source: { model: "fraud", version: 2 }, model_version: 2, revision: 5, traffic: { routes: [{ revision: 5, weight: 90 }, { revision: 4, weight: 10 }], shadow: null }, status: { state: "degraded", reason: "worker 1 restarting", since: 0, workers: [] } }),
    ];
    const { calls } = fakeFetch((call) => {
      if (call.path.endsWith("/environments")) return json(200, { environments });
      if (call.path.endsWith("/stats")) return json(200, stats);
      return json(200, { deployments: list, next_cursor: null });
    });
    renderPage("viewer");
    const staging = await screen.findByRole("table", { name: "Deployments in staging" });
    const row = within(staging).getByRole("row", { name: /churn/ });
    expect(row).toHaveTextContent("healthy");
    expect(row).toHaveTextContent("churn-classifier@champion → v4");
    expect(row).toHaveTextContent("r3");
    expect(row).toHaveTextContent("r3 100%");
    expect(await within(row).findByText("23 ms")).toBeInTheDocument();
    expect(within(row).getByText("10.0")).toBeInTheDocument();
    expect(within(row).getByText("7")).toBeInTheDocument();
    const production = screen.getByRole("table", { name: "Deployments in production" });
    expect(production).toHaveTextContent("degraded");
    expect(production).toHaveTextContent("r5 90% · r4 10%");
    expect(screen.queryByRole("table", { name: "Deployments in development" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Deploy a model/ })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/v1/orgs/acme/projects/churn-model/deployments/churn/stats" && c.query === "?window_seconds=300")).toBe(true);
  });

  it("lets an admin add an environment with its tier, and not delete one that has deployments", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path.endsWith("/environments") && call.method === "POST") return json(201, { name: "canary", tier: "production", description: "", deployment_count: 0, created_at: 0 });
      if (call.path.endsWith("/environments")) return json(200, { environments });
      return json(200, { deployments: [], next_cursor: null });
    });
    renderPage("admin");
    const list = await screen.findByRole("list", { name: "Environments" });
    expect(within(list).getByRole("button", { name: "Delete staging" })).toBeDisabled();
    expect(within(list).getByRole("button", { name: "Delete development" })).toBeEnabled();
    await userEvent.type(screen.getByLabelText("Environment name"), "Canary!");
    await userEvent.click(screen.getByRole("button", { name: "Add environment" }));
    expect(await screen.findByText("Use lowercase letters, digits and - (1 to 63, not at the ends).")).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText("Environment name"));
    await userEvent.type(screen.getByLabelText("Environment name"), "canary");
    await userEvent.selectOptions(screen.getByLabelText("Tier"), "production");
    await userEvent.click(screen.getByRole("button", { name: "Add environment" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === "POST")!.body)).toEqual({ name: "canary", tier: "production" });
  });

  it("shows a developer the environments without managing them", async () => {
    fakeFetch((call) => (call.path.endsWith("/environments") ? json(200, { environments }) : json(200, { deployments: [], next_cursor: null })));
    renderPage("developer");
    await screen.findByRole("list", { name: "Environments" });
    expect(screen.queryByRole("button", { name: "Add environment" })).not.toBeInTheDocument();
  });
});
