import { describe, expect, it } from "vitest";
import { GUIDES, guideForPath, linkGuides, loadGuide } from "./guides";

describe("guides", () => {
  it("pick the guide about each page", () => {
    expect(guideForPath("/o/acme/projects/churn/experiments/3")).toBe("tracking-with-mlflow");
    expect(guideForPath("/o/acme/projects/churn/runs/abc")).toBe("tracking-with-mlflow");
    expect(guideForPath("/o/acme/projects/churn/models/m/versions/2")).toBe("registry");
    expect(guideForPath("/o/acme/projects/churn/deployments/new")).toBe("deploying");
    expect(guideForPath("/o/acme/projects/churn/monitoring")).toBe("monitoring");
    expect(guideForPath("/o/acme/projects/churn/alerts/rules")).toBe("alerts");
    expect(guideForPath("/o/acme/api-keys")).toBe("api-keys-and-roles");
    expect(guideForPath("/o/acme/settings/members")).toBe("api-keys-and-roles");
    expect(guideForPath("/o/acme/projects/churn")).toBe("concepts");
    expect(guideForPath("/o/acme/projects")).toBe("getting-started");
  });

  it("link guides to each other inside the app", () => {
    expect(linkGuides("See [Deploying](deploying.md#on-kubernetes) and [ADR](adr/0003.md).", "acme")).toBe(
      "See [Deploying](/o/acme/guide/deploying#on-kubernetes) and [ADR](adr/0003.md).",
    );
  });

  it("bundle every guide the app names", async () => {
    for (const name of Object.keys(GUIDES) as Array<keyof typeof GUIDES>) {
      expect((await loadGuide(name)).length).toBeGreaterThan(100);
    }
  });
});
