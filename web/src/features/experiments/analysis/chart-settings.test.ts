import { describe, expect, it } from "vitest";
import { chartSettingsFrom, chartSettingsTo, dropPanel, matchingPanels, movePinned, orderPanels, togglePin } from "./chart-settings";

const apply = (changes: Record<string, string | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(changes)) if (v !== null) p.set(k, v);
  return p;
};

describe("chart settings in the URL", () => {
  it("defaults to steps, linear, unsmoothed", () => {
    expect(chartSettingsFrom(new URLSearchParams())).toEqual({ xMode: "step", logY: false, smoothing: 0, panelQuery: "", groupBy: null, pinned: [], yRanges: {} });
  });

  it("round-trips through the URL, leaving defaults out", () => {
    const s = {
      xMode: "relative" as const,
      logY: true,
      smoothing: 0.6,
      panelQuery: "loss",
      groupBy: "params.max_depth",
      pinned: ["val/auc", "train loss"],
      yRanges: { "val/auc": { min: 0.5, max: 1 }, "a:b": { min: -2, max: 3.5 } },
    };
    expect(chartSettingsFrom(apply(chartSettingsTo(s)))).toEqual(s);
    expect(chartSettingsTo({ xMode: "step", logY: false, smoothing: 0, panelQuery: "", groupBy: null, pinned: [], yRanges: {} })).toEqual({
      x: null,
      logy: null,
      smooth: null,
      panels: null,
      group: null,
      pin: null,
      yr: null,
    });
  });

  it("ignores nonsense", () => {
    expect(chartSettingsFrom(new URLSearchParams("x=banana&smooth=7"))).toMatchObject({ xMode: "step", smoothing: 0.99 });
    expect(chartSettingsFrom(new URLSearchParams("smooth=abc")).smoothing).toBe(0);
    expect(chartSettingsFrom(new URLSearchParams("group=metrics.x&yr=a|2|1,b|x|3,c||")).groupBy).toBeNull();
    expect(chartSettingsFrom(new URLSearchParams("yr=a|2|1,b|x|3,c||,d|0|1")).yRanges).toEqual({ d: { min: 0, max: 1 } });
  });

  it("finds panels by a part of their key", () => {
    expect(matchingPanels(["train/loss", "val/loss", "val/auc"], "LOSS")).toEqual(["train/loss", "val/loss"]);
    expect(matchingPanels(["a"], " ")).toEqual(["a"]);
  });

  it("puts pinned panels first in their order, and moves them among themselves", () => {
    expect(orderPanels(["a", "b", "c", "d"], ["c", "gone", "a"])).toEqual(["c", "a", "b", "d"]);
    expect(togglePin(["c"], "a")).toEqual(["c", "a"]);
    expect(togglePin(["c", "a"], "c")).toEqual(["a"]);
    expect(movePinned(["c", "a", "b"], "a", -1)).toEqual(["a", "c", "b"]);
    expect(movePinned(["c", "a", "b"], "b", 1)).toEqual(["c", "a", "b"]);
    expect(movePinned(["c"], "x", 1)).toEqual(["c"]);
  });

  it("keeps a dragged panel's new place by pinning the panels up to where it lands", () => {
    // Nothing pinned: dragging d to the top pins only d.
    expect(dropPanel(["a", "b", "c", "d"], [], 3, 0)).toEqual(["d"]);
    // An unpinned panel dropped among the pinned ones joins them there.
    expect(dropPanel(["p", "q", "a", "b"], ["p", "q"], 3, 1)).toEqual(["p", "b", "q"]);
    // A pinned panel dragged past the unpinned ones pins those it passes, so its place holds.
    expect(dropPanel(["p", "a", "b"], ["p"], 0, 2)).toEqual(["a", "b", "p"]);
    // Reordering the pinned ones keeps pinned keys the panel search hides, after them.
    expect(dropPanel(["p", "q", "a"], ["p", "hidden", "q"], 1, 0)).toEqual(["q", "p", "hidden"]);
    // Out of range or no move: unchanged.
    expect(dropPanel(["a", "b"], ["a"], 0, 0)).toEqual(["a"]);
    expect(dropPanel(["a", "b"], ["a"], 5, 0)).toEqual(["a"]);
  });
});
