import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useCursorPages } from "./use-cursor-pages";

describe("useCursorPages", () => {
  it("walks forward with the server's cursors and back through the ones it kept", () => {
    const { result } = renderHook(() => useCursorPages("filters"));
    expect(result.current).toMatchObject({ cursor: undefined, page: 1, hasPrevious: false });
    act(() => result.current.next("c2"));
    act(() => result.current.next("c3"));
    expect(result.current).toMatchObject({ cursor: "c3", page: 3, hasPrevious: true });
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ cursor: "c2", page: 2 });
  });

  it("ignores a missing next cursor (last page)", () => {
    const { result } = renderHook(() => useCursorPages("f"));
    act(() => result.current.next(null));
    expect(result.current.page).toBe(1);
  });

  it("starts over when the filters change", () => {
    const { result, rerender } = renderHook(({ key }) => useCursorPages(key), { initialProps: { key: "a" } });
    act(() => result.current.next("c2"));
    rerender({ key: "b" });
    expect(result.current).toMatchObject({ cursor: undefined, page: 1 });
  });
});
