import { QueryClientProvider, useMutation } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createQueryClient, errorShownInline, type MutationMeta } from "./query-client";

/** Runs one mutation that fails with `error` in a client made by createQueryClient. */
async function failMutation(error: unknown, meta?: MutationMeta) {
  const client = createQueryClient({ mutations: { retry: false } });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useMutation({ mutationFn: () => Promise.reject(error), meta }), { wrapper });
  result.current.mutate();
  await waitFor(() => expect(result.current.isError).toBe(true));
}

describe("the default mutation error handler", () => {
  it("toasts the server's message when a mutation fails", async () => {
    const shown = vi.spyOn(toast, "error").mockReturnValue("t");
    await failMutation(new ApiError(409, "conflict", "A project named churn already exists", "rq-1"));
    expect(shown).toHaveBeenCalledExactlyOnceWith("A project named churn already exists");
  });

  it("toasts a hint when the server could not be reached", async () => {
    const shown = vi.spyOn(toast, "error").mockReturnValue("t");
    await failMutation(new TypeError("Failed to fetch"));
    expect(shown).toHaveBeenCalledExactlyOnceWith("Cannot reach the Cairn server. Check your connection and try again.");
  });

  it("does not toast a mutation whose page shows the error itself", async () => {
    const shown = vi.spyOn(toast, "error").mockReturnValue("t");
    await failMutation(new ApiError(400, "bad_request", "Name the key"), errorShownInline);
    expect(shown).not.toHaveBeenCalled();
  });
});
