import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { rule } from "../../../../test/alert-fixtures";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { RulesPage } from "./RulesPage";

const P = "/api/v1/orgs/acme/projects/churn-model";
const R = "r".repeat(32);

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org()}>
      <Routes>
        <Route path="/o/:org/projects/:project/alerts/rules" element={<RulesPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn-model/alerts/rules" },
  );
}

describe("RulesPage", () => {
  it("shows_each_rule_with_its_condition_health_and_open_alert_and_disables_one", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.method === "PATCH") return json(200, rule({ enabled: false }));
      return json(200, { rules: [rule()], templates: [] });
    });
    renderPage();
    const table = await screen.findByRole("table", { name: "Alert rules" });
    const row = within(table).getByRole("link", { name: "p99-latency" }).closest("tr")!;
    expect(row).toHaveTextContent("latency_p99_ms > 250 over 5m");
    expect(row).toHaveTextContent("ok");
    expect(within(row).getByRole("link", { name: "firing" })).toHaveAttribute("href", `/o/acme/projects/churn-model/alerts/${"a".repeat(32)}`);
    await userEvent.click(within(row).getByRole("switch", { name: "Enable p99-latency" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.path).toBe(`${P}/alert-rules/${R}`);
    expect(JSON.parse(patch.body)).toEqual({ enabled: false });
  });

  it("deletes_a_rule_only_after_its_name_is_typed", async () => {
    const { calls } = fakeFetch((call) => (call.method === "DELETE" ? json(204, null) : json(200, { rules: [rule()], templates: [] })));
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Delete p99-latency" }));
    const dialog = await screen.findByRole("dialog");
    const confirm = within(dialog).getByRole("button", { name: "Delete rule" });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Type p99-latency to confirm"), "p99-latency");
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === `${P}/alert-rules/${R}`)).toBe(true));
  });
});
