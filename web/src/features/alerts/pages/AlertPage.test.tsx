import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { alertDetail, preview, rule } from "../../../../test/alert-fixtures";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { AlertPage } from "./AlertPage";

vi.mock("uplot", () => ({ default: class {} }));

beforeAll(() => {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
});

const P = "/api/v1/orgs/acme/projects/churn-model";
const ID = "a".repeat(32);

function renderPage(role = "developer") {
  return renderWithProviders(
    <CurrentOrgProvider org={org(role)}>
      <Routes>
        <Route path="/o/:org/projects/:project/alerts/:alert" element={<AlertPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: `/o/acme/projects/churn-model/alerts/${ID}` },
  );
}

describe("AlertPage", () => {
  it("shows_the_alert_its_links_series_and_timeline_and_acknowledges_it_with_a_note", async () => {
    let acknowledged = false;
    const { calls } = fakeFetch((call) => {
      if (call.path === `${P}/alerts/${ID}/acknowledge`) {
        acknowledged = true;
        return json(200, alertDetail({ acknowledged: { by: "ada", at: Date.now(), note: "on it" }, timeline: [...alertDetail().timeline, { at: Date.now(), kind: "acknowledged", actor: "e".repeat(32), detail: { note: "on it" } } as never] }));
      }
      if (call.path === "/api/v1/orgs/acme/members") return json(200, { items: [{ user_id: "e".repeat(32), name: "Ada Lovelace", email: "ada@example.com", role: "developer", joined_at: 0 }], next_cursor: null });
      if (call.path === `${P}/alerts/${ID}`) return json(200, acknowledged ? alertDetail({ acknowledged: { by: "ada", at: Date.now(), note: "on it" } }) : alertDetail());
      if (call.path === `${P}/alert-rules/${"r".repeat(32)}`) return json(200, rule());
      if (call.path === `${P}/alert-rules/preview`) return json(200, preview());
      return json(404, { error: { code: "not_found", message: call.path, request_id: "r" } });
    });
    renderPage();
    expect(await screen.findByRole("heading", { name: "churn: p99 latency is 312 ms" })).toBeInTheDocument();
    const related = screen.getByRole("navigation", { name: "Related" });
    expect(within(related).getByRole("link", { name: "Deployment churn" })).toHaveAttribute("href", "/o/acme/projects/churn-model/deployments/churn");
    expect(within(related).getByRole("link", { name: "Monitoring dashboard" })).toHaveAttribute("href", "/o/acme/projects/churn-model/monitoring/churn");
    expect(within(related).getByRole("link", { name: /Runbook/ })).toHaveAttribute("href", "https://runbooks.example.com/latency");
    const timeline = screen.getByRole("list", { name: "Timeline" });
    expect(timeline).toHaveTextContent("Became pending");
    expect(timeline).toHaveTextContent("Started firing by the rule engine");
    expect(screen.getByRole("list", { name: "Notifications" })).toHaveTextContent("ops-webhook");
    expect(await screen.findByRole("img", { name: /latency_p99_ms over the last 6 hours.*threshold 250.*fired 1 time/ })).toBeInTheDocument();
    const previewCall = calls.find((c) => c.path === `${P}/alert-rules/preview`)!;
    expect(JSON.parse(previewCall.body)).toMatchObject({ hours: 6, rule: { series: "latency_p99_ms", monitor: "churn", condition: { value: 250 } } });

    await userEvent.click(screen.getByRole("button", { name: "Acknowledge" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Note"), "on it");
    await userEvent.click(within(dialog).getByRole("button", { name: "Acknowledge" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(JSON.parse(calls.find((c) => c.path.endsWith("/acknowledge"))!.body)).toEqual({ note: "on it" });
    await vi.waitFor(() => expect(screen.getByRole("banner")).toHaveTextContent(/Acknowledged .*“on it”/));
    expect(screen.queryByRole("button", { name: "Acknowledge" })).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Timeline" })).toHaveTextContent("Acknowledged by Ada Lovelace");
  });

  it("offers_no_actions_to_viewers", async () => {
    fakeFetch((call) => (call.path === `${P}/alerts/${ID}` ? json(200, alertDetail()) : call.path.endsWith("preview") ? json(200, preview()) : json(200, rule())));
    renderPage("viewer");
    await screen.findByRole("heading", { name: "churn: p99 latency is 312 ms" });
    expect(screen.queryByRole("button", { name: "Acknowledge" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Resolve" })).not.toBeInTheDocument();
  });
});
