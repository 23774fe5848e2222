import { beforeEach, describe, expect, it } from "vitest";
import { currentView, loadViews, savedViewsKey, storeViews, viewQuery, withoutView, withView } from "./saved-views";

describe("saved views", () => {
  beforeEach(() => localStorage.clear());

  it("keeps the whole query, in a stable order, so the same state compares equal", () => {
    expect(viewQuery(new URLSearchParams("tab=charts&filter=metrics.a+%3E+1&cols=params.x"))).toBe(
      viewQuery(new URLSearchParams("cols=params.x&filter=metrics.a+%3E+1&tab=charts")),
    );
    const views = withView([], "best", viewQuery(new URLSearchParams("tab=charts&group=params.x")), 1);
    expect(currentView(views, new URLSearchParams("group=params.x&tab=charts"))?.name).toBe("best");
    expect(currentView(views, new URLSearchParams("tab=charts"))).toBeUndefined();
  });

  it("replaces a view of the same name and lists the newest first", () => {
    let views = withView([], "Deep trees", "a=1", 1);
    views = withView(views, "shallow", "a=2", 2);
    views = withView(views, "deep trees ", "a=3", 3);
    expect(views.map((v) => [v.name, v.query])).toEqual([
      ["deep trees", "a=3"],
      ["shallow", "a=2"],
    ]);
    expect(withoutView(views, "shallow").map((v) => v.name)).toEqual(["deep trees"]);
  });

  it("stores per experiment and ignores what it cannot read", () => {
    storeViews(localStorage, "7", withView([], "v", "x=1", 5));
    expect(loadViews(localStorage, "7")).toEqual([{ name: "v", query: "x=1", savedAt: 5 }]);
    expect(loadViews(localStorage, "8")).toEqual([]);
    localStorage.setItem(savedViewsKey("9"), "{not json");
    expect(loadViews(localStorage, "9")).toEqual([]);
    localStorage.setItem(savedViewsKey("9"), JSON.stringify([{ name: 1 }, { name: "ok", query: "", savedAt: 0 }]));
    expect(loadViews(localStorage, "9").map((v) => v.name)).toEqual(["ok"]);
    storeViews(localStorage, "7", []);
    expect(localStorage.getItem(savedViewsKey("7"))).toBeNull();
  });
});
