import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { ChartsView } from "./ChartsView";

// jsdom has no canvas: the charts themselves are drawn in the browser flow; here panels have no width and show no chart.
vi.mock("uplot", () => ({ default: class {} }));
vi.stubGlobal(
  "ResizeObserver",
  class {
    observe() {}
    disconnect() {}
  },
);

const run = (id: string, depth: string | null) => ({
  id,
  experiment_id: "7",
  name: `run-${id}`,
  status: "FINISHED",
  start_time: 0,
  end_time: 1,
  lifecycle_stage: "active",
  parent_run_id: null,
  params: depth === null ? {} : { depth },
  tags: {},
  metrics: {},
  inputs: [],
});

function serve() {
  return fakeFetch((c) => {
    if (c.path.endsWith("/keys")) return json(200, { metrics: ["acc", "loss", "lr"], params: ["depth"], tags: ["mlflow.user", "team"] });
    if (c.path.endsWith("/runs/search")) return json(200, { items: [run("a", "2"), run("b", "12"), run("c", "2"), run("d", null)], next_page_token: null });
    return json(200, { items: [] });
  });
}

function Location() {
  return <output data-testid="location">{decodeURIComponent(useLocation().search)}</output>;
}

const panelNames = () => screen.getAllByRole("figure").map((f) => within(f).getAllByText(/^(acc|loss|lr)$/)[0]!.textContent);

function renderCharts(route = "/?tab=charts") {
  return renderWithProviders(
    <>
      <ChartsView projectRef={{ org: "acme", project: "churn" }} experimentId="7" />
      <Location />
    </>,
    { route },
  );
}

describe("ChartsView", () => {
  it("pins panels to the top and reorders the pinned ones, in the URL", async () => {
    serve();
    renderCharts();
    await screen.findByRole("figure", { name: "lr" });
    expect(panelNames()).toEqual(["acc", "loss", "lr"]);
    await userEvent.click(within(screen.getByRole("figure", { name: "lr" })).getByRole("button", { name: "Pin panel" }));
    expect(panelNames()).toEqual(["lr", "acc", "loss"]);
    await userEvent.click(within(screen.getByRole("figure", { name: "loss" })).getByRole("button", { name: "Pin panel" }));
    expect(panelNames()).toEqual(["lr", "loss", "acc"]);
    const loss = screen.getByRole("figure", { name: "loss" });
    expect(within(loss).getByRole("button", { name: "Move panel down" })).toBeDisabled();
    await userEvent.click(within(loss).getByRole("button", { name: "Move panel up" }));
    expect(panelNames()).toEqual(["loss", "lr", "acc"]);
    expect(screen.getByTestId("location").textContent).toContain("pin=loss,lr");
    await userEvent.click(within(screen.getByRole("figure", { name: "lr" })).getByRole("button", { name: "Unpin panel" }));
    expect(panelNames()).toEqual(["loss", "acc", "lr"]);
  });

  it("gives each panel a keyboard-operable drag grip (the buttons stay as the fallback)", async () => {
    serve();
    renderCharts();
    const grip = await within(await screen.findByRole("figure", { name: "lr" })).findByRole("button", { name: "Drag lr panel" });
    expect(grip).toHaveAttribute("aria-roledescription", "sortable");
    expect(grip).toHaveAttribute("tabindex", "0");
    // dnd-kit's instructions for screen readers (Space to lift, arrows to move) are referenced by the grip.
    const instructions = document.getElementById(grip.getAttribute("aria-describedby")!);
    expect(instructions?.textContent).toMatch(/space/i);
  });

  it("sets a panel's y range by hand and fits it to the data again", async () => {
    serve();
    renderCharts();
    const acc = await screen.findByRole("figure", { name: "acc" });
    await userEvent.click(within(acc).getByRole("button", { name: "Y range" }));
    const form = within(acc).getByRole("form", { name: "Y range of acc" });
    await userEvent.type(within(form).getByLabelText("Y min"), "0.9");
    await userEvent.type(within(form).getByLabelText("Y max"), "0.5");
    expect(within(form).getByText("Min must be a number below max.")).toBeInTheDocument();
    expect(within(form).getByRole("button", { name: "Apply" })).toBeDisabled();
    await userEvent.clear(within(form).getByLabelText("Y max"));
    await userEvent.type(within(form).getByLabelText("Y max"), "1{Enter}");
    expect(screen.getByTestId("location").textContent).toContain("yr=acc|0.9|1");
    expect(within(acc).getByText(/y 0.9 to 1/)).toBeInTheDocument();
    await userEvent.click(within(acc).getByRole("button", { name: "Y range" }));
    await userEvent.click(within(acc).getByRole("button", { name: "Fit to data" }));
    expect(screen.getByTestId("location").textContent).not.toContain("yr=");
  });

  it("groups runs by a param, numbers in order, with the user's tags offered and mlflow's left out", async () => {
    serve();
    renderCharts();
    await screen.findByRole("figure", { name: "acc" });
    const select = screen.getByRole("combobox", { name: "Group runs by" });
    await screen.findByRole("option", { name: "param depth" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["No grouping", "param depth", "tag team"]);
    await userEvent.selectOptions(select, "params.depth");
    const legend = await screen.findByRole("region", { name: "Groups on the charts" });
    expect(within(legend).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["depth=2(2 runs)", "depth=12(1 run)", "no depth(1 run)"]);
    expect(screen.getByTestId("location").textContent).toContain("group=params.depth");
  });
});
