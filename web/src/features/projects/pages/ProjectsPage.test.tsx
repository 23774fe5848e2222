import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import type { Organization } from "@/lib/api/types";
import { CurrentOrgProvider } from "@/lib/current-org";
import { ProjectsPage } from "./ProjectsPage";

const org = { id: "o1", slug: "acme", name: "Acme", role: "viewer", created_at: 0, updated_at: 0, settings: { production_promotion: "admins" } } as Organization;

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org}>
      <ProjectsPage />
    </CurrentOrgProvider>,
    { route: "/o/acme/projects" },
  );
}

describe("ProjectsPage", () => {
  it("tells a viewer with no projects what to do next instead of offering a button they cannot use", async () => {
    fakeFetch(() => json(200, { items: [], next_cursor: null }));
    renderPage();
    expect(await screen.findByText("No projects yet")).toBeInTheDocument();
    expect(screen.getByText(/ask a developer or an admin/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /New project/ })).not.toBeInTheDocument();
  });

  it("shows the server's error with its request id, and retries", async () => {
    let fail = true;
    const { calls } = fakeFetch(() =>
      fail ? json(500, { error: { code: "internal", message: "The database is unreachable.", request_id: "rq-77" } }) : json(200, { items: [], next_cursor: null }),
    );
    renderPage();
    expect(await screen.findByText("The database is unreachable.")).toBeInTheDocument();
    expect(screen.getByText(/rq-77/)).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No projects yet")).toBeInTheDocument();
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it("sends the search, filter and sort to the server", async () => {
    const { calls } = fakeFetch(() => json(200, { items: [], next_cursor: null }));
    renderPage();
    await screen.findByText("No projects yet");
    await userEvent.type(screen.getByLabelText("Search projects"), "churn");
    await userEvent.selectOptions(screen.getByLabelText("Visibility"), "private");
    await screen.findByText("No matching projects");
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes("q=churn") && c.query.includes("visibility=private"))).toBe(true));
  });
});
