import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { AliasesCard } from "./AliasesCard";

describe("AliasesCard", () => {
  const modelRef = { org: "acme", project: "churn-model", model: "churn classifier" };

  it("offers to deploy each alias, following it", () => {
    fakeFetch(() => json(200, {}));
    renderWithProviders(<AliasesCard modelRef={modelRef} aliases={{ champion: 4 }} canWrite latest={4} deployBase="/o/acme/projects/churn-model/deployments/new" />);
    expect(screen.getByRole("link", { name: "Deploy alias champion" })).toHaveAttribute(
      "href",
      "/o/acme/projects/churn-model/deployments/new?model=churn%20classifier&alias=champion",
    );
  });

  it("offers no deploy to a viewer", () => {
    fakeFetch(() => json(200, {}));
    renderWithProviders(<AliasesCard modelRef={modelRef} aliases={{ champion: 4 }} canWrite={false} latest={4} deployBase="/o/acme/projects/churn-model/deployments/new" />);
    expect(screen.queryByRole("link", { name: "Deploy alias champion" })).not.toBeInTheDocument();
  });
});
