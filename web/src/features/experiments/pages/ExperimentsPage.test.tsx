import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import type { Organization } from "@/lib/api/types";
import { CurrentOrgProvider } from "@/lib/current-org";
import { ExperimentsPage } from "./ExperimentsPage";

const org = (role: string) => ({ id: "o1", slug: "acme", name: "Acme", role, created_at: 0, updated_at: 0 }) as unknown as Organization;

function renderPage(role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route path="/o/:org/projects/:project/experiments" element={<ExperimentsPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn/experiments" },
  );
}

describe("ExperimentsPage", () => {
  it("shows how to log with mlflow when the project has no experiments", async () => {
    fakeFetch(() => json(200, { items: [], next_cursor: null }));
    renderPage();
    expect(await screen.findByText("No experiments yet")).toBeInTheDocument();
    expect(screen.getByText(/MLFLOW_TRACKING_URI=http:\/\/localhost(:\d+)?\/p\/acme\/churn/)).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /New experiment/ }).length).toBeGreaterThan(0);
  });

  it("offers no editing to a viewer", async () => {
    fakeFetch(() => json(200, { items: [{ id: "1", name: "baseline", description: "", lifecycle_stage: "active", tags: {}, created_at: 0, updated_at: 0 }], next_cursor: null }));
    renderPage("viewer");
    await screen.findByRole("link", { name: "baseline" });
    expect(screen.queryByRole("button", { name: /New experiment/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete baseline" })).not.toBeInTheDocument();
  });

  it("asks the server for the deleted experiments and the search", async () => {
    const { calls } = fakeFetch(() => json(200, { items: [], next_cursor: null }));
    renderPage();
    await screen.findByText("No experiments yet");
    await userEvent.selectOptions(screen.getByLabelText("Show"), "deleted");
    await userEvent.type(screen.getByLabelText("Search experiments"), "churn");
    await screen.findByText("No matching experiments");
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes("view=deleted") && c.query.includes("q=churn"))).toBe(true));
  });
});
