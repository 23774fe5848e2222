import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../../test/fake-server";
import { renderWithProviders } from "../../../../test/render";
import { getAccessToken, resetSessionForTests } from "@/lib/auth/session-store";
import { LoginForm } from "./LoginForm";

describe("LoginForm", () => {
  afterEach(() => resetSessionForTests());

  it("checks the fields before sending anything", async () => {
    const { calls } = fakeFetch(() => json(200, {}));
    renderWithProviders(<LoginForm onSignedIn={vi.fn()} />);
    await userEvent.type(screen.getByLabelText("Email"), "not-an-email");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/valid email address/)).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(calls).toHaveLength(0);
  });

  it("shows the server's message and request id when the sign-in is refused", async () => {
    fakeFetch(() => json(401, { error: { code: "unauthenticated", message: "Wrong email or password.", request_id: "abc123" } }));
    renderWithProviders(<LoginForm onSignedIn={vi.fn()} />);
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Wrong email or password.");
    expect(alert).toHaveTextContent("abc123");
  });

  it("keeps the access token in memory after signing in", async () => {
    fakeFetch(() => json(200, tokenPair("fresh-token")));
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(getAccessToken()).toBe("fresh-token");
    // Storage holds at most the flag that a session may exist (lib/auth/session-hint.ts), never a token.
    const stored = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`);
    expect(stored.join(";")).not.toMatch(/fresh-token|not-kept/);
  });
});
