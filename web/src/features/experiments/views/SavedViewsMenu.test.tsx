import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, type Call } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import type { Organization } from "@/lib/api/types";
import { CurrentOrgProvider } from "@/lib/current-org";
import { savedViewsKey } from "./saved-views";
import { SavedViewsMenu } from "./SavedViewsMenu";

const org = { id: "o1", slug: "acme", name: "Acme", role: "developer", created_at: 0, updated_at: 0, settings: { production_promotion: "admins" } } as Organization;
const base = "/api/v1/orgs/acme/projects/churn/experiments/e1/views";

const view = (id: string, name: string, visibility: "private" | "project", isOwn: boolean, query: string) => ({
  id,
  experiment_id: "e1",
  name,
  visibility,
  state: { query },
  created_by: isOwn ? "u1" : "u2",
  is_own: isOwn,
  created_at: 1,
  updated_at: 1,
});

/** A small in-memory server of views: GET lists, POST adds (409 on a taken name per owner), DELETE removes. */
function viewServer(initial: ReturnType<typeof view>[]) {
  const views = [...initial];
  return fakeFetch((call: Call) => {
    if (call.path === base && call.method === "GET") return json(200, { items: views });
    if (call.path === base && call.method === "POST") {
      const body = JSON.parse(call.body) as { name: string; visibility: "private" | "project"; state: { query: string } };
      if (views.some((v) => v.name === body.name && v.visibility === body.visibility && (v.is_own || body.visibility === "project"))) {
        return json(409, { error: { code: "conflict", message: "taken", field: "name", request_id: "r" } });
      }
      const created = view(`v${views.length + 1}`, body.name, body.visibility, true, body.state.query);
      views.push(created);
      return json(201, created);
    }
    if (call.path.startsWith(`${base}/`) && call.method === "DELETE") {
      views.splice(
        views.findIndex((v) => call.path.endsWith(v.id)),
        1,
      );
      return json(204, null);
    }
    return json(404, { error: { code: "not_found", message: "no", request_id: "r" } });
  });
}

function renderMenu(route = "/o/acme/projects/churn/experiments/e1") {
  return renderWithProviders(
    <CurrentOrgProvider org={org}>
      <Routes>
        <Route path="/o/:org/projects/:project/experiments/:id" element={<SavedViewsMenu experimentId="e1" />} />
      </Routes>
    </CurrentOrgProvider>,
    { route },
  );
}

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe("SavedViewsMenu", () => {
  it("lists the caller's views and the project's shared ones, marked", async () => {
    viewServer([view("v1", "Mine", "private", true, "tab=runs"), view("v2", "Team best", "project", false, "sort=x")]);
    renderMenu();
    await userEvent.click(screen.getByRole("button", { name: "Saved views" }));
    const list = await screen.findByRole("list", { name: "Views of this experiment" });
    expect(within(list).getByRole("button", { name: "Mine" })).toBeInTheDocument();
    expect(within(list).getByText("Team")).toBeInTheDocument();
    // Another member's shared view cannot be changed by a developer: no rename or delete offered.
    expect(within(list).queryByRole("button", { name: "Delete view Team best" })).not.toBeInTheDocument();
    expect(within(list).getByRole("button", { name: "Delete view Mine" })).toBeInTheDocument();
  });

  it("saves the page's query as a shared view and deletes one", async () => {
    const { calls } = viewServer([]);
    renderMenu("/o/acme/projects/churn/experiments/e1?tab=runs&filter=a");
    await userEvent.click(screen.getByRole("button", { name: "Saved views" }));
    await screen.findByText("No saved views yet.");
    await userEvent.type(screen.getByLabelText("View name"), "Shared one");
    await userEvent.click(screen.getByLabelText("Share with the project"));
    await userEvent.click(screen.getByRole("button", { name: "Save view" }));
    expect(await screen.findByRole("button", { name: "Shared one" })).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ name: "Shared one", visibility: "project", state: { query: "filter=a&tab=runs" } });
    expect(screen.getByRole("button", { name: /View: Shared one/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Delete view Shared one" }));
    expect(await screen.findByText("No saved views yet.")).toBeInTheDocument();
  });

  it("moves views kept in this browser to the server once, as private views, and clears them", async () => {
    localStorage.setItem(savedViewsKey("e1"), JSON.stringify([{ name: "Old", query: "tab=charts", savedAt: 5 }, { name: "Mine", query: "q=1", savedAt: 4 }]));
    const { calls } = viewServer([view("v1", "Mine", "private", true, "tab=runs")]);
    renderMenu();
    await userEvent.click(screen.getByRole("button", { name: "Saved views" }));
    expect(await screen.findByRole("button", { name: "Old" })).toBeInTheDocument();
    // A name the caller already has is kept under a suffixed name rather than lost.
    expect(screen.getByRole("button", { name: "Mine (browser)" })).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === "POST").map((c) => JSON.parse(c.body) as { visibility: string });
    expect(posts.every((b) => b.visibility === "private")).toBe(true);
    expect(localStorage.getItem(savedViewsKey("e1"))).toBeNull();
  });

  it("closes on Escape and gives focus back to its button", async () => {
    viewServer([]);
    renderMenu();
    const button = screen.getByRole("button", { name: "Saved views" });
    await userEvent.click(button);
    await screen.findByRole("group", { name: "Saved views" });
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: "Saved views" })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
