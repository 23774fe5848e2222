import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "@/lib/query-client";
import { routes } from "./routes";

describe("the route table", () => {
  afterEach(() => vi.restoreAllMocks());

  it("opens a page on first load without a router warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const router = createMemoryRouter(routes, { initialEntries: ["/forgot-password"] });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    await screen.findByRole("heading", { name: "Reset your password" });
    expect(warn).not.toHaveBeenCalled();
  });
});
