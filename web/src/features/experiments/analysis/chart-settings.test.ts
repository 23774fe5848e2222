import { describe, expect, it } from "vitest";
import { chartSettingsFrom, chartSettingsTo, matchingPanels } from "./chart-settings";

const apply = (changes: Record<string, string | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(changes)) if (v !== null) p.set(k, v);
  return p;
};

describe("chart settings in the URL", () => {
  it("defaults to steps, linear, unsmoothed", () => {
    expect(chartSettingsFrom(new URLSearchParams())).toEqual({ xMode: "step", logY: false, smoothing: 0, panelQuery: "" });
  });

  it("round-trips through the URL, leaving defaults out", () => {
    const s = { xMode: "relative" as const, logY: true, smoothing: 0.6, panelQuery: "loss" };
    expect(chartSettingsFrom(apply(chartSettingsTo(s)))).toEqual(s);
    expect(chartSettingsTo({ xMode: "step", logY: false, smoothing: 0, panelQuery: "" })).toEqual({ x: null, logy: null, smooth: null, panels: null });
  });

  it("ignores nonsense", () => {
    expect(chartSettingsFrom(new URLSearchParams("x=banana&smooth=7"))).toMatchObject({ xMode: "step", smoothing: 0.99 });
    expect(chartSettingsFrom(new URLSearchParams("smooth=abc")).smoothing).toBe(0);
  });

  it("finds panels by a part of their key", () => {
    expect(matchingPanels(["train/loss", "val/loss", "val/auc"], "LOSS")).toEqual(["train/loss", "val/loss"]);
    expect(matchingPanels(["a"], " ")).toEqual(["a"]);
  });
});
