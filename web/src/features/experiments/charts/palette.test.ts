import { describe, expect, it } from "vitest";
import { paletteHue, runColor, runPalette, translucent } from "./palette";
import { SERIES_COLORS } from "./series-colors";

const hueGap = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe("run palette", () => {
  it("starts with the hand-picked series colours", () => {
    expect(runPalette(10)).toEqual(SERIES_COLORS);
  });

  it("gives 500 runs 500 distinct colours", () => {
    expect(new Set(runPalette(500)).size).toBe(500);
  });

  it("keeps consecutive generated hues far apart", () => {
    for (let i = 0; i < 200; i++) expect(hueGap(paletteHue(i), paletteHue(i + 1))).toBeGreaterThan(80);
  });

  it("writes a CSS oklch colour past the fixed ones", () => {
    expect(runColor(10)).toMatch(/^oklch\(0\.\d+ 0\.16 \d+(\.\d)?\)$/);
  });

  it("makes the palette's colours translucent for group bands", () => {
    expect(translucent("#6366f1", 0.2)).toBe("#6366f133");
    expect(translucent("oklch(0.62 0.16 20.0)", 0.15)).toBe("oklch(0.62 0.16 20.0 / 0.15)");
  });
});
