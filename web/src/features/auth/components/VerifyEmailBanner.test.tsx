import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptTokens, resetSessionForTests } from "@/lib/auth/session-store";
import { tokenPair } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { VerifyEmailBanner } from "./VerifyEmailBanner";

function signInUnverified(id: string) {
  const pair = tokenPair("tok");
  acceptTokens({ ...pair, user: { ...pair.user, id, email: `${id}@example.com`, email_verified: false } });
}

describe("VerifyEmailBanner", () => {
  beforeEach(() => {
    resetSessionForTests();
    localStorage.clear();
  });
  afterEach(() => resetSessionForTests());

  it("says why no link may arrive", () => {
    signInUnverified("u1");
    renderWithProviders(<VerifyEmailBanner />);
    expect(screen.getByRole("status")).toHaveTextContent(/u1@example.com is not verified yet/);
    expect(screen.getByRole("status")).toHaveTextContent(/no email \(SMTP\)/);
  });

  it("stays dismissed for that user, and only that user", async () => {
    signInUnverified("u1");
    const first = renderWithProviders(<VerifyEmailBanner />);
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status")).toBeNull();
    first.unmount();

    const again = renderWithProviders(<VerifyEmailBanner />);
    expect(screen.queryByRole("status")).toBeNull();
    again.unmount();

    signInUnverified("u2");
    renderWithProviders(<VerifyEmailBanner />);
    expect(screen.getByRole("status")).toHaveTextContent(/u2@example.com/);
  });
});
