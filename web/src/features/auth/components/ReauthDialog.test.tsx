import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { startSession } from "@/lib/auth/refresh";
import { getSessionState, markExpired, resetSessionForTests } from "@/lib/auth/session-store";
import { ReauthDialog } from "./ReauthDialog";

function PageWithDraft() {
  return (
    <>
      <label>
        Notes
        <textarea defaultValue="" />
      </label>
      <ReauthDialog />
    </>
  );
}

describe("ReauthDialog", () => {
  afterEach(() => resetSessionForTests());

  it("asks to sign in again over the page and keeps what the user typed", async () => {
    startSession(tokenPair("first"));
    renderWithProviders(<PageWithDraft />);
    await userEvent.type(screen.getByLabelText("Notes"), "half-written thought");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    act(() => markExpired());
    const dialog = await screen.findByRole("dialog", { name: "Your session has ended" });
    expect(screen.getByLabelText("Email")).toHaveValue("ada@example.com");

    fakeFetch(() => json(200, tokenPair("second")));
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in again" }));

    await vi.waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(getSessionState().status).toBe("signed-in");
    expect(screen.getByLabelText("Notes")).toHaveValue("half-written thought");
  });
});
