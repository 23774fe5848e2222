import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { useUrlParams } from "./use-url-params";

describe("useUrlParams", () => {
  it("sets values and drops the ones equal to their default", () => {
    const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={["/x?sort=name&q=a"]}>{children}</MemoryRouter>;
    const { result } = renderHook(() => useUrlParams(), { wrapper });
    act(() => result.current[1]({ q: "churn", sort: "-created_at", view: null }, { sort: "-created_at" }));
    expect(result.current[0].toString()).toBe("q=churn");
    act(() => result.current[1]({ q: "" }));
    expect(result.current[0].toString()).toBe("");
  });
});
