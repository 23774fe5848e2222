import { screen, within } from "@testing-library/react";
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
