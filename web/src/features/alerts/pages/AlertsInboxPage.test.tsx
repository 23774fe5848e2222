import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { alert, rule } from "../../../../test/alert-fixtures";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { AlertsInboxPage } from "./AlertsInboxPage";

const P = "/api/v1/orgs/acme/projects/churn-model";

function Where() {
  return <output aria-label="URL">{useLocation().search}</output>;
}

function renderPage(search = "") {
  return renderWithProviders(
    <CurrentOrgProvider org={org()}>
      <Routes>
        <Route
          path="/o/:org/projects/:project/alerts"
          element={
            <>
              <AlertsInboxPage />
              <Where />
            </>
          }
        />
      </Routes>
    </CurrentOrgProvider>,
    { route: `/o/acme/projects/churn-model/alerts${search}` },
  );
}

const firing = alert();
const acked = alert({ id: "b".repeat(32), acknowledged: { by: "u1", at: Date.now() } });
const pending = alert({ id: "c".repeat(32), state: "pending", fired_at: null, severity: "warning", labels: { deployment: "fraud" } });

describe("AlertsInboxPage", () => {
  it("lists_firing_alerts_with_tab_counts_and_filters_by_state_in_the_url", async () => {
    const { calls } = fakeFetch((call) => {
      const state = new URLSearchParams(call.query).get("state");
      if (call.path === `${P}/alerts` && state === null) return json(200, { alerts: [firing, acked, pending], counts: {} });
      if (call.path === `${P}/alerts` && state === "firing") return json(200, { alerts: [firing, acked], counts: { firing: 2 } });
      if (call.path === `${P}/alerts` && state === "pending") return json(200, { alerts: [pending], counts: { pending: 1 } });
      if (call.path === `${P}/alert-rules`) return json(200, { rules: [rule()], templates: [] });
      return json(404, { error: { code: "not_found", message: call.path, request_id: "r" } });
    });
    renderPage();
    const table = await screen.findByRole("table", { name: "Alerts" });
    expect(within(table).getAllByRole("link", { name: "p99-latency" })[0]).toHaveAttribute("href", `/o/acme/projects/churn-model/alerts/${"a".repeat(32)}`);
    expect(within(table).getByText("acknowledged")).toBeInTheDocument();
    expect(await screen.findByRole("tab", { name: /firing 2/ })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: /acknowledged 1/ })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "fraud" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: /pending 1/ }));
    expect(screen.getByLabelText("URL")).toHaveTextContent("?state=pending");
    await vi.waitFor(() => expect(screen.getByRole("table", { name: "Alerts" })).toHaveTextContent("warning"));

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Severity" }), "critical");
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes("severity=critical") && c.query.includes("state=pending"))).toBe(true));
  });

  it("acknowledges_the_selected_alerts_with_a_note", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path === `${P}/alerts/bulk`) return json(200, { results: [{ id: firing.id, ok: true }] });
      if (call.path === `${P}/alerts`) return json(200, { alerts: [firing], counts: { firing: 1 } });
      return json(200, { rules: [], templates: [] });
    });
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select p99-latency" }));
    await userEvent.click(within(screen.getByRole("region", { name: "Bulk actions" })).getByRole("button", { name: "Acknowledge" }));
    const dialog = await screen.findByRole("dialog", { name: "Acknowledge 1 alert" });
    await userEvent.type(within(dialog).getByLabelText("Note"), "looking into it");
    await userEvent.click(within(dialog).getByRole("button", { name: "Acknowledge" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const bulk = calls.find((c) => c.path === `${P}/alerts/bulk`)!;
    expect(JSON.parse(bulk.body)).toEqual({ ids: [firing.id], action: "acknowledge", note: "looking into it" });
  });

  it("silences_for_the_duration_given", async () => {
    const { calls } = fakeFetch((call) => {
      if (call.path === `${P}/alerts/bulk`) return json(200, { results: [{ id: firing.id, ok: true, silence: "s1" }] });
      if (call.path === `${P}/alerts`) return json(200, { alerts: [firing], counts: { firing: 1 } });
      return json(200, { rules: [], templates: [] });
    });
    renderPage();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select all alerts" }));
    await userEvent.click(screen.getByRole("button", { name: "Silence" }));
    const dialog = await screen.findByRole("dialog");
    const duration = within(dialog).getByLabelText("Duration");
    await userEvent.clear(duration);
    await userEvent.type(duration, "4h");
    await userEvent.click(within(dialog).getByRole("button", { name: "Silence" }));
    await vi.waitFor(() => expect(calls.some((c) => c.path === `${P}/alerts/bulk`)).toBe(true));
    expect(JSON.parse(calls.find((c) => c.path === `${P}/alerts/bulk`)!.body)).toEqual({ ids: [firing.id], action: "silence", duration_seconds: 14_400 });
  });
});
