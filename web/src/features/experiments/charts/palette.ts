/**
 * Colours for hundreds of runs. The first ten are the hand-picked series colours (a comparison of
 * a few runs looks as before); beyond them hues step by the golden angle in OKLCH, a perceptually
 * uniform space, so neighbours in the list stay far apart on the colour wheel, and lightness
 * alternates between three levels so runs with near hues still differ. Chromium draws `oklch()`
 * on canvas as in CSS.
 */
import { SERIES_COLORS } from "./series-colors";

const GOLDEN_ANGLE = 137.508;
const LIGHTNESS = [0.62, 0.72, 0.52];

/** The hue (degrees) of the i-th generated colour. */
export function paletteHue(i: number): number {
  return (i * GOLDEN_ANGLE + 20) % 360;
}

export function runColor(i: number): string {
  if (i < SERIES_COLORS.length) return SERIES_COLORS[i]!;
  const j = i - SERIES_COLORS.length;
  return `oklch(${LIGHTNESS[j % LIGHTNESS.length]} 0.16 ${paletteHue(j).toFixed(1)})`;
}

/** Colours for n runs, in order. */
export function runPalette(n: number): string[] {
  return Array.from({ length: n }, (_, i) => runColor(i));
}

/** A colour made translucent, for a group's band: hex colours get an alpha byte, oklch() an alpha term. */
export function translucent(color: string, alpha: number): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color + Math.round(alpha * 255).toString(16).padStart(2, "0");
  if (color.startsWith("oklch(")) return color.replace(/\)$/, ` / ${alpha})`);
  return color;
}
