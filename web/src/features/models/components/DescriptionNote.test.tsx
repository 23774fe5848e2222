import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { ModelDescription, VersionDescription } from "./DescriptionNote";

const modelRef = { org: "acme", project: "churn-model", model: "churn" };

describe("model descriptions", () => {
  it("renders a model's description as safe Markdown", () => {
    fakeFetch(() => json(200, {}));
    const { container } = renderWithProviders(
      <ModelDescription modelRef={modelRef} text={"Trained on **Q3** data. [evil](javascript:alert(1)) <script>x()</script>"} canWrite={false} />,
    );
    expect(screen.getByText("Q3").tagName).toBe("STRONG");
    expect(screen.getByText("evil").getAttribute("href") ?? "").not.toContain("javascript");
    expect(container.querySelector("script")).toBeNull();
    expect(screen.queryByRole("button", { name: "Edit description" })).not.toBeInTheDocument();
  });

  it("edits a version's description in place and sends it to the version's route", async () => {
    const { calls } = fakeFetch(() => json(200, {}));
    renderWithProviders(<VersionDescription modelRef={modelRef} version={3} text="old" canWrite />);
    await userEvent.click(screen.getByRole("button", { name: "Edit description" }));
    const field = screen.getByRole("textbox", { name: "Description" });
    await userEvent.clear(field);
    await userEvent.type(field, "## Better");
    await userEvent.click(screen.getByRole("button", { name: "Save description" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.path).toBe("/api/v1/orgs/acme/projects/churn-model/models/churn/versions/3");
    expect(JSON.parse(patch.body)).toEqual({ description: "## Better" });
    await waitFor(() => expect(screen.queryByRole("textbox")).not.toBeInTheDocument());
  });
});
