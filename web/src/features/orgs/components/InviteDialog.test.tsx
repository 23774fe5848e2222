import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { InviteDialog } from "./InviteDialog";

const invitation = {
  id: "c20ad4d76fe97759aa27a0c99bff6710",
  email: "grace@example.com",
  role: "developer",
  invited_by: "8f14e45fceea167a5a36dedd4bea2543",
  created_at: 0,
  expires_at: 1,
  status: "pending",
};

async function invite() {
  await userEvent.type(screen.getByLabelText("Email"), "grace@example.com");
  await userEvent.click(screen.getByRole("button", { name: "Send invitation" }));
}

describe("InviteDialog", () => {
  it("shows the link to copy when the server could not email it", async () => {
    const url = "http://cairn.local/accept-invitation?token=abc_DEF-123";
    const { calls } = fakeFetch(() => json(201, { ...invitation, email_sent: false, accept_url: url }));
    const onOpenChange = vi.fn();
    renderWithProviders(<InviteDialog org="acme" open onOpenChange={onOpenChange} />);
    await invite();

    expect(await screen.findByLabelText("Invitation link")).toHaveTextContent(url);
    expect(screen.getByText(/Email is not configured on this server/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy link" })).toBeInTheDocument();
    expect(onOpenChange).not.toHaveBeenCalled();
    expect(calls[0]?.path).toBe("/api/v1/orgs/acme/invitations");
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it("closes when the invitation was emailed, showing no link", async () => {
    fakeFetch(() => json(201, { ...invitation, email_sent: true }));
    const onOpenChange = vi.fn();
    renderWithProviders(<InviteDialog org="acme" open onOpenChange={onOpenChange} />);
    await invite();
    await vi.waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
  });
});
