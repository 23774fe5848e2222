import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../../../test/render";
import type { Run } from "../api/run-queries";
import { DEFAULT_SORT, parseColumnId } from "../run-columns";
import { RunsGrid } from "./RunsGrid";

const run = { id: "r1", name: "run-1", status: "FINISHED", start_time: 0, end_time: 1, params: { a: "1", b: "2" }, tags: {}, metrics: {}, inputs: [] } as unknown as Run;

describe("RunsGrid column order", () => {
  it("shows columns in the chosen order within each group, each header with a keyboard-operable drag grip", () => {
    const columns = ["params.b", "attributes.status", "params.a"].map((id) => parseColumnId(id)!);
    renderWithProviders(
      <RunsGrid runsBase="/r" runs={[run]} columns={columns} sort={DEFAULT_SORT} onSort={vi.fn()} selected={[]} onSelectedChange={vi.fn()} onColumnsReorder={vi.fn()} />,
    );
    const headers = [...document.querySelectorAll("th[data-column]")].map((th) => th.getAttribute("data-column"));
    // Groups keep their fixed order (attributes first), the chosen order holds inside a group.
    expect(headers).toEqual(["attributes.status", "params.b", "params.a"]);
    const grip = within(screen.getByRole("table", { name: "Runs" })).getByRole("button", { name: "Drag column b" });
    expect(grip).toHaveAttribute("aria-roledescription", "sortable");
    expect(grip).toHaveAttribute("tabindex", "0");
    const instructions = document.getElementById(grip.getAttribute("aria-describedby")!);
    expect(instructions?.textContent).toMatch(/space/i);
  });
});

describe("RunsGrid grouping", () => {
  const runs = [
    { ...run, id: "r1", name: "run-1", params: { a: "1" }, metrics: { auc: { value: 0.8 } } },
    { ...run, id: "r2", name: "run-2", params: { a: "1" }, metrics: { auc: { value: 0.6 } } },
    { ...run, id: "r3", name: "run-3", params: { a: "2" }, metrics: { auc: { value: 0.9 } } },
  ] as unknown as Run[];
  const columns = ["metrics.auc"].map((id) => parseColumnId(id)!);

  it("shows a folded aggregate row per group (value, count, mean and min–max) that opens to its runs", async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <RunsGrid runsBase="/r" runs={runs} columns={columns} sort={DEFAULT_SORT} onSort={vi.fn()} selected={[]} onSelectedChange={vi.fn()} groupBy="params.a" />,
    );
    const table = screen.getByRole("table", { name: "Runs" });
    expect(within(table).queryByRole("link", { name: "run-1" })).toBeNull();
    const rows = screen.getAllByTestId("group-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("a=1");
    expect(rows[0]).toHaveTextContent("(2 runs)");
    expect(rows[0]).toHaveTextContent("0.70.6–0.8");
    await user.click(within(table).getByRole("button", { name: "Expand group a=1 (2 runs)" }));
    within(table).getByRole("link", { name: "run-1" });
    within(table).getByRole("link", { name: "run-2" });
    expect(within(table).queryByRole("link", { name: "run-3" })).toBeNull();
  });
});
