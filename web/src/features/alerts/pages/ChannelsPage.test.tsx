import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { org } from "../../../../test/deployment-fixtures";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { CurrentOrgProvider } from "@/lib/current-org";
import { ChannelsPage } from "./ChannelsPage";

const P = "/api/v1/orgs/acme/projects/churn-model";
const hook = {
  id: "c1",
  name: "ops-webhook",
  kind: "webhook",
  config: { url: "***", hmac_secret: "***" },
  destination: "127.0.0.1:9000",
  send_resolved: true,
  created_by: "u1",
  created_at: 0,
  updated_at: 0,
};

function renderPage() {
  return renderWithProviders(
    <CurrentOrgProvider org={org()}>
      <Routes>
        <Route path="/o/:org/projects/:project/alerts/channels" element={<ChannelsPage />} />
      </Routes>
    </CurrentOrgProvider>,
    { route: "/o/acme/projects/churn-model/alerts/channels" },
  );
}

describe("ChannelsPage", () => {
  it("sends_a_test_and_shows_the_delivery_result", async () => {
    fakeFetch((call) => {
      if (call.path === `${P}/alert-channels/c1/test`) return json(200, { notification: "n1", delivered: false, status_code: 500, error: "HTTP 500 from the receiver", duration_ms: 12 });
      return json(200, { channels: [hook] });
    });
    renderPage();
    const row = (await screen.findByRole("cell", { name: "ops-webhook" })).closest("tr")!;
    expect(within(row).getByText("127.0.0.1:9000")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Send test" }));
    expect(await within(row).findByText("Failed: HTTP 500 from the receiver")).toBeInTheDocument();
  });

  it("keeps_a_stored_secret_when_its_field_is_left_blank", async () => {
    const { calls } = fakeFetch((call) => (call.method === "PATCH" ? json(200, hook) : json(200, { channels: [hook] })));
    renderPage();
    const row = (await screen.findByRole("cell", { name: "ops-webhook" })).closest("tr")!;
    await userEvent.click(within(row).getByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit ops-webhook" });
    const secret = within(dialog).getByLabelText("HMAC secret (optional)");
    expect(secret).toHaveAttribute("placeholder", "*** (unchanged)");
    expect(secret).toHaveValue("");
    expect(within(dialog).getByLabelText("URL")).toHaveValue("");
    await userEvent.type(within(dialog).getByLabelText("URL"), "http://127.0.0.1:9001/hook");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save channel" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(JSON.parse(calls.find((c) => c.method === "PATCH")!.body)).toEqual({ name: "ops-webhook", config: { url: "http://127.0.0.1:9001/hook" }, send_resolved: true });
  });
});
