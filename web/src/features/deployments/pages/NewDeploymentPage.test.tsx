import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { deployment, environments, org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { NewDeploymentPage } from "./NewDeploymentPage";

function renderPage(route: string, role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route path="/o/:org/projects/:project/deployments/new" element={<NewDeploymentPage />} />
        <Route path="/o/:org/projects/:project/deployments/:deployment" element={<p>deployment page</p>} />
      </Routes>
    </CurrentOrgProvider>,
    { route },
  );
}

describe("NewDeploymentPage", () => {
  it("deploys the version the registry linked with the default settings and opens the deployment", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path.endsWith("/environments")) return json(200, { environments });
      if (call.method === "POST") return json(201, deployment({ name: "churn-classifier" }));
      return json(404, { error: { code: "not_found", message: "no", request_id: "r" } });
    });
    renderPage("/o/acme/projects/churn-model/deployments/new?model=churn-classifier&version=3");

    expect(await screen.findByLabelText("Model")).toHaveValue("churn-classifier");
    expect(screen.getByLabelText("Version")).toHaveValue("3");
    expect(screen.getByLabelText("Deployment name")).toHaveValue("churn-classifier");
    expect(screen.getByLabelText("Environment")).toHaveValue("development");
    expect(screen.getByRole("list", { name: "Summary" })).toHaveTextContent("Requests are batched: up to 32 rows, waiting at most 5 ms.");
    await userEvent.selectOptions(screen.getByLabelText("Environment"), "staging");
    await userEvent.click(screen.getByRole("button", { name: "Deploy" }));

    expect(await screen.findByText("deployment page")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.path).toBe("/api/v1/orgs/acme/projects/churn-model/deployments");
    expect(JSON.parse(post.body)).toEqual({
      name: "churn-classifier",
      environment: "staging",
      source: { model: "churn-classifier", version: 3 },
      config: {
        runtime: "auto",
        env_manager: "local",
        workers: { min: 1, max: 2 },
        batching: { max_batch_size: 32, max_queue_delay_ms: 5 },
        timeout_ms: 30000,
        max_rows: 10000,
        cache: { enabled: false, ttl_seconds: 300 },
        sampling_rate: 1,
        rate_limit: { requests_per_second: 0 },
      },
    });
  });

  it("follows an alias and says which version it starts with", async () => {
    fakeFetch((call) => {
      if (call.path.endsWith("/environments")) return json(200, { environments });
      if (call.path.endsWith("/aliases/champion")) return json(200, { version: 4 });
      return json(500, {});
    });
    renderPage("/o/acme/projects/churn-model/deployments/new?model=churn-classifier&alias=champion");
    expect(await screen.findByLabelText("Alias")).toHaveValue("champion");
    expect(await screen.findByText(/now v4; it follows when the alias moves/)).toBeInTheDocument();
  });

  it("checks the workers before sending, and puts a server error on its field", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path.endsWith("/environments")) return json(200, { environments });
      return json(409, { error: { code: "conflict", message: "a deployment named churn-classifier exists", request_id: "r", field: "name" } });
    });
    renderPage("/o/acme/projects/churn-model/deployments/new?model=churn-classifier&version=3");
    const max = await screen.findByLabelText("Maximum workers");
    await userEvent.clear(max);
    await userEvent.type(max, "0");
    await userEvent.click(screen.getByRole("button", { name: "Deploy" }));
    expect(await screen.findByText("Maximum workers must be a whole number from 1 to 64.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await userEvent.clear(max);
    await userEvent.type(max, "4");
    await userEvent.click(screen.getByRole("button", { name: "Deploy" }));
    expect(await screen.findByText("a deployment named churn-classifier exists")).toBeInTheDocument();
    expect(screen.getByLabelText("Deployment name")).toHaveAttribute("aria-invalid", "true");
  });

  it("tells a viewer they cannot deploy", () => {
    fakeFetch(() => json(200, { environments }));
    renderPage("/o/acme/projects/churn-model/deployments/new?model=m&version=1", "viewer");
    expect(screen.getByText("You cannot deploy in this project")).toBeInTheDocument();
  });
});
