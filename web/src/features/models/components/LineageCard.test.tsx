import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../../test/render";
import type { ModelVersion } from "../api/model-queries";
import { LineageCard } from "./LineageCard";

const fromRun = {
  source: { type: "run", run_id: "r1", experiment_id: "42", artifact_path: "model", logged_model_id: null },
  lineage: {
    run: { id: "r1", name: "train-7", experiment_id: "42", experiment_name: "churn" },
    datasets: [{ name: "train", digest: "d1", source_type: "local", source: "/data/train.csv" }],
  },
} as unknown as ModelVersion;

describe("LineageCard", () => {
  it("links the source run and its experiment to their pages", () => {
    renderWithProviders(<LineageCard version={fromRun} projectBase="/o/acme/projects/churn" />);
    expect(screen.getByRole("link", { name: "train-7" })).toHaveAttribute("href", "/o/acme/projects/churn/runs/r1");
    expect(screen.getByRole("link", { name: "churn" })).toHaveAttribute("href", "/o/acme/projects/churn/experiments/42");
    expect(screen.getByText("/data/train.csv")).toBeInTheDocument();
  });

  it("shows uploads without a run", () => {
    const upload = { source: { type: "upload" }, lineage: { run: null, datasets: [] } } as unknown as ModelVersion;
    renderWithProviders(<LineageCard version={upload} projectBase="/o/acme/projects/churn" />);
    expect(screen.getByText("Uploaded files")).toBeInTheDocument();
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText("None recorded")).toBeInTheDocument();
  });
});
