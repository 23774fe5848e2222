import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json, type Call } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import type { Organization } from "@/lib/api/types";
import { CurrentOrgProvider } from "@/lib/current-org";
import { ExperimentPage } from "./ExperimentPage";

const org = { id: "o1", slug: "acme", name: "Acme", role: "developer", created_at: 0, updated_at: 0 } as unknown as Organization;
const experiment = { id: "7", name: "churn-baseline", description: "", lifecycle_stage: "active", tags: {}, created_at: 0, updated_at: 0 };
const run = (id: string, auc: number, parent: string | null = null) => ({
  id,
  experiment_id: "7",
  name: `run-${id}`,
  status: "FINISHED",
  start_time: 0,
  end_time: 1,
  lifecycle_stage: "active",
  parent_run_id: parent,
  params: { max_depth: "6" },
  tags: {},
  metrics: { val_auc: { value: auc, step: 1, timestamp: 0 } },
  inputs: [],
});

interface SearchBody {
  filter?: string;
  order_by?: string[];
  page_token?: string;
}

function searchBody(c: Call): SearchBody {
  return c.body ? (JSON.parse(c.body) as SearchBody) : {};
}

const keys = { params: ["max_depth", "only_on_page_3"], metrics: ["val_auc"], tags: ["team"] };

/** The experiment's saved views on the fake server: listed, created and deleted in memory. */
function savedViews(c: Call, views: Record<string, unknown>[]): Response | undefined {
  if (!c.path.includes("/experiments/7/views")) return undefined;
  if (c.method === "POST") {
    const body = JSON.parse(c.body) as { name: string; visibility: string; state: object };
    const created = { id: `v${views.length + 1}`, experiment_id: "7", created_by: "u1", is_own: true, created_at: 1, updated_at: 1, ...body };
    views.push(created);
    return json(201, created);
  }
  if (c.method === "DELETE") {
    views.splice(views.findIndex((v) => c.path.endsWith(String(v.id))), 1);
    return json(204, null);
  }
  return json(200, { items: views });
}

function serve() {
  const views: Record<string, unknown>[] = [];
  return fakeFetch((c) => {
    const viewAnswer = savedViews(c, views);
    if (viewAnswer) return viewAnswer;
    if (c.path.endsWith("/experiments/7")) return json(200, experiment);
    if (c.path.endsWith("/experiments/7/keys")) return json(200, keys);
    const { filter } = searchBody(c);
    if (filter?.includes(">>")) {
      return json(400, { error: { code: "bad_request", message: "Invalid comparator '>>' at position 15", field: "filter", request_id: "rq-1" } });
    }
    const items = filter ? [run("a", 0.93)] : [run("a", 0.93), run("b", 0.81)];
    return json(200, { items, next_page_token: null, total: items.length });
  });
}

function Location() {
  return <output data-testid="location">{useLocation().search}</output>;
}

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org}>
      <Routes>
        <Route path="/o/:org/projects/:project/experiments/:experiment" element={<ExperimentPage />} />
      </Routes>
      <Location />
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn/experiments/7" },
  );
}

describe("ExperimentPage", () => {
  it("shows the server's filter error inline with a caret at its position, then applies a good filter", async () => {
    const { calls } = serve();
    renderPage();
    await screen.findByRole("link", { name: "run-b" });
    const box = screen.getByLabelText("Filter runs");

    await userEvent.type(box, "metrics.val_auc >> 0.9{Enter}");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Invalid comparator '>>' at position 15");
    expect(screen.getByTestId("filter-error-caret").textContent).toBe(`metrics.val_auc >> 0.9\n${" ".repeat(15)}^`);
    expect(box).toHaveAttribute("aria-invalid", "true");

    await userEvent.clear(box);
    await userEvent.type(box, "metrics.val_auc > 0.9{Enter}");
    await screen.findByRole("link", { name: "run-a" });
    expect(screen.queryByRole("link", { name: "run-b" })).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(calls.some((c) => searchBody(c).filter === "metrics.val_auc > 0.9")).toBe(true);
  });

  it("sorts by a metric column on the server and picks columns of the whole experiment, kept in the URL", async () => {
    const { calls } = serve();
    renderPage();
    const table = await screen.findByRole("table", { name: "Runs" });
    expect(screen.getByText("2 runs")).toBeInTheDocument();
    await userEvent.click(within(table).getByRole("button", { name: "val_auc" }));
    await vi.waitFor(() => expect(calls.some((c) => searchBody(c).order_by?.[0] === "metrics.`val_auc` DESC")).toBe(true));
    expect(within(table).getByRole("columnheader", { name: "val_auc" })).toHaveAttribute("aria-sort", "descending");
    expect(within(table).getByRole("columnheader", { name: "Metrics" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: /Columns \(8\)/ }));
    // A key no run of this page has is offered: the list comes from the experiment's keys.
    await userEvent.type(screen.getByRole("searchbox", { name: "Search columns" }), "tea");
    expect(screen.queryByRole("checkbox", { name: "max_depth" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "team" }));
    await userEvent.keyboard("{Escape}");
    expect(within(screen.getByRole("table", { name: "Runs" })).getByRole("columnheader", { name: "team" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Columns \(9\)/ })).toBeInTheDocument();
    expect(screen.getByTestId("location").textContent).toContain("cols=attributes.status%2Cattributes.start_time");
  });

  it("pages through the server's page tokens and back", async () => {
    const { calls } = fakeFetch((c) => {
      const viewAnswer = savedViews(c, []);
      if (viewAnswer) return viewAnswer;
      if (c.path.endsWith("/experiments/7")) return json(200, experiment);
      return searchBody(c).page_token === "p2"
        ? json(200, { items: [run("c", 0.5)], next_page_token: null })
        : json(200, { items: [run("a", 0.9)], next_page_token: "p2" });
    });
    renderPage();
    await screen.findByRole("link", { name: "run-a" });
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("link", { name: "run-c" });
    expect(screen.getByText("Page 2")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Previous" }));
    await screen.findByRole("link", { name: "run-a" });
    expect(calls.filter((c) => searchBody(c).page_token === "p2")).toHaveLength(1);
  });

  it("selects all runs of the page and offers to compare them while selecting", async () => {
    serve();
    renderPage();
    await screen.findByRole("link", { name: "run-b" });
    expect(screen.queryByRole("button", { name: /Compare/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Select run-a"));
    expect(screen.getByRole("button", { name: "Compare 1" })).toBeDisabled();
    await userEvent.click(screen.getByLabelText("Select all runs on this page"));
    expect(screen.getByRole("button", { name: "Compare 2" })).toBeEnabled();
    await userEvent.click(screen.getByRole("button", { name: /Clear selection/ }));
    expect(screen.queryByRole("button", { name: /Compare/ })).not.toBeInTheDocument();
  });

  it("folds nested runs under their parent", async () => {
    fakeFetch((c) => {
      const viewAnswer = savedViews(c, []);
      if (viewAnswer) return viewAnswer;
      if (c.path.endsWith("/experiments/7")) return json(200, experiment);
      if (c.path.endsWith("/keys")) return json(200, keys);
      return json(200, { items: [run("cv", 0.9), run("fold1", 0.8, "cv"), run("fold2", 0.7, "cv")], next_page_token: null, total: 3 });
    });
    renderPage();
    await screen.findByRole("link", { name: "run-cv" });
    expect(screen.queryByRole("link", { name: "run-fold1" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Expand 2 child runs of run-cv" }));
    expect(screen.getByRole("link", { name: "run-fold1" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Collapse 2 child runs of run-cv" })).toHaveAttribute("aria-expanded", "true");
  });

  it("completes the filter from the experiment's keys: a key, then only the comparators its kind accepts", async () => {
    const { calls } = serve();
    renderPage();
    await screen.findByRole("link", { name: "run-b" });
    const box = screen.getByRole("combobox", { name: "Filter runs" });
    await userEvent.type(box, "tea");
    // A key no run of the page has: the suggestions come from the keys endpoint.
    const list = await screen.findByRole("listbox", { name: "Filter suggestions" });
    expect(within(list).getAllByRole("option").map((o) => o.textContent)).toEqual(["tags.teamtag"]);
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(box).toHaveValue("tags.team ");
    const ops = within(screen.getByRole("listbox", { name: "Filter suggestions" })).getAllByRole("option");
    expect(ops.map((o) => o.firstChild?.textContent)).toEqual(["=", "!=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL"]);
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(box).toHaveValue("tags.team = ");
    await userEvent.keyboard("'core'");
    expect(box).toHaveValue("tags.team = 'core'");
    await userEvent.keyboard("{Enter}");
    await vi.waitFor(() => expect(calls.map((c) => searchBody(c).filter)).toContain("tags.team = 'core'"));
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  });

  it("renders the description as Markdown and saves an edit as the experiment's description", async () => {
    let description = "Churn models, **gradient boosted**.";
    const { calls } = fakeFetch((c) => {
      const viewAnswer = savedViews(c, []);
      if (viewAnswer) return viewAnswer;
      if (c.path.endsWith("/experiments/7") && c.method === "PATCH") {
        description = (JSON.parse(c.body) as { description: string }).description;
        return json(200, { ...experiment, description });
      }
      if (c.path.endsWith("/experiments/7")) return json(200, { ...experiment, description });
      if (c.path.endsWith("/keys")) return json(200, keys);
      return json(200, { items: [], next_page_token: null, total: 0 });
    });
    renderPage();
    const region = await screen.findByRole("region", { name: "Description" });
    expect(within(region).getByText("gradient boosted").tagName).toBe("STRONG");
    await userEvent.click(within(region).getByRole("button", { name: "Edit description" }));
    const field = within(region).getByLabelText("Description");
    await userEvent.clear(field);
    await userEvent.type(field, "- depth sweep{Enter}- <script>x</script>");
    await userEvent.click(within(region).getByRole("button", { name: "Save description" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(description).toBe("- depth sweep\n- <script>x</script>");
    // The app's query client then refetches the experiment; here the editor closes on success.
    await vi.waitFor(() => expect(within(region).queryByLabelText("Description")).not.toBeInTheDocument());
  });

  it("saves the view under a name for this experiment and puts it back", async () => {
    localStorage.clear();
    const { calls } = serve();
    renderPage();
    await screen.findByRole("link", { name: "run-b" });
    await userEvent.type(screen.getByLabelText("Filter runs"), "metrics.val_auc > 0.9{Enter}");
    await userEvent.click(screen.getByRole("button", { name: "Saved views" }));
    await userEvent.type(screen.getByLabelText("View name"), "good runs{Enter}");
    expect(await screen.findByRole("button", { name: "View: good runs" })).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST" && c.path.endsWith("/experiments/7/views"))!;
    expect(JSON.parse(post.body)).toEqual({ name: "good runs", visibility: "private", state: { query: "filter=metrics.val_auc+%3E+0.9" } });

    await userEvent.click(screen.getByRole("button", { name: "Clear" }));
    await vi.waitFor(() => expect(screen.getByTestId("location").textContent).toBe(""));
    await userEvent.click(screen.getByRole("button", { name: "Saved views" }));
    await userEvent.click(within(screen.getByRole("list", { name: "Views of this experiment" })).getByRole("button", { name: "good runs" }));
    await vi.waitFor(() => expect(screen.getByTestId("location").textContent).toBe("?filter=metrics.val_auc+%3E+0.9"));
    expect(screen.getByLabelText("Filter runs")).toHaveValue("metrics.val_auc > 0.9");

    await userEvent.click(screen.getByRole("button", { name: "View: good runs" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete view good runs" }));
    expect(await screen.findByText("No saved views yet.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.path.endsWith("/experiments/7/views/v1"))).toBe(true);
  });
});
