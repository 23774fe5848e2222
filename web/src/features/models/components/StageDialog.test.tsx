import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import type { ModelVersion } from "../api/model-queries";
import { StageDialog } from "./StageDialog";

const version = { version: 4, stage: "staging", model_name: "churn" } as ModelVersion;
const ref = { org: "acme", project: "churn", model: "churn" };

describe("StageDialog", () => {
  it("sends the promotion with its reason and shows the server's refusal", async () => {
    const { calls } = fakeFetch(() =>
      json(403, { error: { code: "forbidden", message: "Promoting to production needs the admin role.", request_id: "rq-9" } }),
    );
    renderWithProviders(<StageDialog modelRef={ref} version={version} open onOpenChange={vi.fn()} />);
    // From staging, production is the natural next step and is preselected.
    expect(screen.getByLabelText("New stage")).toHaveValue("production");
    await userEvent.type(screen.getByLabelText(/Reason/), "Better AUC");
    await userEvent.click(screen.getByRole("button", { name: "Move to production" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Promoting to production needs the admin role.");
    expect(calls[0]?.path).toBe("/api/v1/orgs/acme/projects/churn/models/churn/versions/4/stage");
    expect(JSON.parse(calls[0]!.body)).toEqual({ stage: "production", comment: "Better AUC", archive_existing: true });
  });

  it("does not offer archiving others when archiving this one", async () => {
    fakeFetch(() => json(200, {}));
    renderWithProviders(<StageDialog modelRef={ref} version={version} open onOpenChange={vi.fn()} />);
    await userEvent.selectOptions(screen.getByLabelText("New stage"), "archived");
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
  });
});
