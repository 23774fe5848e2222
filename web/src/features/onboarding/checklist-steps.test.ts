import { describe, expect, it } from "vitest";
import { checklistSteps } from "./checklist-steps";

const steps = (done: boolean[]) =>
  (["create_project", "log_run", "register_model", "deploy_model", "create_api_key", "invite_teammate"] as const).map((id, i) => ({
    id,
    done: done[i] ?? false,
  }));

describe("checklist steps", () => {
  it("lead into the first project once there is one", () => {
    const list = checklistSteps("acme", { steps: steps([true, true]), first_project: { id: "p", slug: "churn", name: "Churn" } });
    expect(list.map((s) => s.to)).toEqual([
      "/o/acme/projects/new",
      "/o/acme/quick-start",
      "/o/acme/projects/churn/models",
      "/o/acme/projects/churn/deployments/new",
      "/o/acme/api-keys",
      "/o/acme/settings/members",
    ]);
    expect(list.filter((s) => s.done).map((s) => s.id)).toEqual(["create_project", "log_run"]);
  });

  it("send project steps to creating a project while there is none", () => {
    const list = checklistSteps("acme", { steps: steps([]), first_project: null });
    expect(list.find((s) => s.id === "register_model")?.to).toBe("/o/acme/projects/new");
    expect(list.every((s) => !s.done)).toBe(true);
  });
});
