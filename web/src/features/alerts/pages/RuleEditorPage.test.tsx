import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { preview } from "../../../../test/alert-fixtures";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { RuleEditorPage } from "./RuleEditorPage";

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

const template = {
  id: "error_rate",
  title: "Error rate above 1 %",
  description: "More than 1% of requests fail.",
  rule: { severity: "critical", series: "error_rate", window_seconds: 300, condition: { type: "threshold", op: ">", value: 0.01 }, for_seconds: 120, annotations: { summary: "{{ $labels.deployment }} fails" } },
};

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org()}>
      <Routes>
        <Route path="/o/:org/projects/:project/alerts/rules/new" element={<RuleEditorPage />} />
        <Route path="/o/:org/projects/:project/alerts/rules" element={<p>rules list</p>} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn-model/alerts/rules/new" },
  );
}

describe("RuleEditorPage", () => {
  it("fills_the_form_from_a_template_previews_it_and_shows_a_server_error_on_its_field", async () => {
    let created = 0;
    const { calls } = fakeFetch((call) => {
      if (call.path === `${P}/alert-rule-templates`) return json(200, { templates: [template] });
      if (call.path === `${P}/monitors`) return json(200, { monitors: [{ name: "churn" }] });
      if (call.path === `${P}/alert-rules/preview`) return json(200, preview());
      if (call.path === `${P}/alert-rules` && call.method === "POST") {
        created += 1;
        if (created === 1) return json(422, { error: { code: "validation_failed", message: "must be at most 168h", field: "window_seconds", request_id: "r" } });
        return json(201, { id: "r1", name: "error-rate" });
      }
      return json(404, { error: { code: "not_found", message: call.path, request_id: "r" } });
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: /Error rate above 1 %/ }));
    expect(screen.getByLabelText("Series")).toHaveValue("error_rate");
    expect(screen.getByLabelText("Value")).toHaveValue("0.01");
    expect(screen.getByLabelText("Pending for")).toHaveValue("2m");
    expect(screen.getByLabelText("Name")).toHaveValue("error-rate");
    await vi.waitFor(() => expect(screen.getByLabelText("Monitor")).toHaveValue("churn"));
    expect(await screen.findByRole("img", { name: /would have fired 1 time/ }, { timeout: 3000 })).toBeInTheDocument();
    const sent = JSON.parse(calls.filter((c) => c.path.endsWith("/preview")).at(-1)!.body);
    expect(sent).toMatchObject({ hours: 6, rule: { monitor: "churn", series: "error_rate", condition: { type: "threshold", op: ">", value: 0.01 } } });

    await userEvent.click(screen.getByRole("button", { name: "Create rule" }));
    const window = screen.getByLabelText("Window");
    expect(await within(window.parentElement!).findByRole("alert")).toHaveTextContent("must be at most 168h");
    expect(window).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(screen.getByRole("button", { name: "Create rule" }));
    expect(await screen.findByText("rules list")).toBeInTheDocument();
    expect(JSON.parse(calls.filter((c) => c.path === `${P}/alert-rules`).at(-1)!.body)).toMatchObject({ name: "error-rate", monitor: "churn", window_seconds: 300, for_seconds: 120 });
  });

  it("checks_durations_before_sending", async () => {
    const { calls } = fakeFetch((call) =>
      call.path.endsWith("/monitors") ? json(200, { monitors: [{ name: "churn" }] }) : call.path.endsWith("/preview") ? json(200, preview()) : json(200, { templates: [] }),
    );
    renderPage();
    await userEvent.type(await screen.findByLabelText("Name"), "slow");
    await userEvent.type(screen.getByLabelText("Value"), "250");
    const window = screen.getByLabelText("Window");
    await userEvent.clear(window);
    await userEvent.type(window, "five minutes");
    await userEvent.click(screen.getByRole("button", { name: "Create rule" }));
    expect(await within(window.parentElement!).findByRole("alert")).toHaveTextContent("A duration");
    expect(calls.some((c) => c.method === "POST" && c.path === `${P}/alert-rules`)).toBe(false);
  });
});
