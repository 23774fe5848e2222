import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MetricValues } from "./MetricValues";

describe("MetricValues", () => {
  it("shows one run's value as a number", () => {
    render(<MetricValues label="test_auc" values={[0.912345]} seriesNames={["run-a"]} />);
    expect(screen.getByText("0.9123")).toBeInTheDocument();
  });

  it("shows several runs' values as a bar each, a dash for a run without it", () => {
    render(<MetricValues label="test_auc" values={[0.91, null, 0.93]} seriesNames={["run-a", "run-b", "run-c"]} />);
    const items = within(screen.getByRole("list", { name: "test_auc by run" })).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual(["run-a0.91", "run-b—", "run-c0.93"]);
  });
});
