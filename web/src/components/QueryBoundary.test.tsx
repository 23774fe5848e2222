import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { QueryBoundary } from "./QueryBoundary";

type Props<T> = Omit<Parameters<typeof QueryBoundary<T>>[0], "query" | "children"> & { children?: (data: T) => ReactNode };

/** A real query over `load`, inside a QueryBoundary with `props`. */
function renderBoundary<T>(load: () => Promise<T>, props: Props<T> = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  function Page() {
    const query = useQuery({ queryKey: ["thing"], queryFn: load });
    return (
      <QueryBoundary query={query} {...props}>
        {props.children ?? ((data) => <p>loaded {JSON.stringify(data)}</p>)}
      </QueryBoundary>
    );
  }
  return render(
    <QueryClientProvider client={client}>
      <Page />
    </QueryClientProvider>,
  );
}

describe("QueryBoundary", () => {
  it("shows the table skeleton until the first answer, then the children with the data", async () => {
    let answer: (v: string[]) => void = () => {};
    renderBoundary(() => new Promise<string[]>((resolve) => (answer = resolve)));
    expect(screen.getByRole("status", { name: "Loading" })).toBeInTheDocument();

    answer(["a"]);
    expect(await screen.findByText('loaded ["a"]')).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Loading" })).not.toBeInTheDocument();
  });

  it("shows the given loading placeholder instead of the default", () => {
    renderBoundary(() => new Promise<string[]>(() => {}), { loading: <p>warming up</p> });
    expect(screen.getByText("warming up")).toBeInTheDocument();
  });

  it("shows the server's message, its request id and a retry that asks again", async () => {
    const load = vi
      .fn<() => Promise<string[]>>()
      .mockRejectedValueOnce(new ApiError(500, "internal", "The database is away", "rq-42"))
      .mockResolvedValueOnce(["back"]);
    renderBoundary(load, { errorTitle: "Could not load the things" });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the things");
    expect(alert).toHaveTextContent("The database is away");
    expect(alert).toHaveTextContent("Request id rq-42");

    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText('loaded ["back"]')).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("shows notFound for a 404 but the error state for other errors and when notFound is not given", async () => {
    const gone = () => Promise.reject(new ApiError(404, "not_found", "No such model"));
    const { unmount } = renderBoundary(gone, { notFound: <p>Model not found</p> });
    expect(await screen.findByText("Model not found")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    unmount();

    const { unmount: unmount2 } = renderBoundary(gone);
    expect(await screen.findByRole("alert")).toHaveTextContent("No such model");
    unmount2();

    renderBoundary(() => Promise.reject(new ApiError(403, "forbidden", "Admins only")), { notFound: <p>Model not found</p> });
    expect(await screen.findByRole("alert")).toHaveTextContent("Admins only");
    expect(screen.queryByText("Model not found")).not.toBeInTheDocument();
  });

  it("shows the empty state for an empty list or an empty page of items, the children otherwise", async () => {
    const { unmount } = renderBoundary(() => Promise.resolve([]), { empty: <p>Nothing yet</p> });
    expect(await screen.findByText("Nothing yet")).toBeInTheDocument();
    unmount();

    const { unmount: unmount2 } = renderBoundary(() => Promise.resolve({ items: [], next_cursor: null }), { empty: <p>Nothing yet</p> });
    expect(await screen.findByText("Nothing yet")).toBeInTheDocument();
    unmount2();

    renderBoundary(() => Promise.resolve({ items: [1], next_cursor: null }), { empty: <p>Nothing yet</p> });
    expect(await screen.findByText(/^loaded/)).toBeInTheDocument();
    expect(screen.queryByText("Nothing yet")).not.toBeInTheDocument();
  });

  it("renders the children for empty data when no empty state is given, and follows a custom isEmpty", async () => {
    const { unmount } = renderBoundary(() => Promise.resolve([]));
    expect(await screen.findByText("loaded []")).toBeInTheDocument();
    unmount();

    renderBoundary(() => Promise.resolve({ total: 0 }), { empty: <p>No points</p>, isEmpty: (d) => d.total === 0 });
    expect(await screen.findByText("No points")).toBeInTheDocument();
  });
});
