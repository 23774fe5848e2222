import { describe, expect, it } from "vitest";
import { tourSteps } from "./tour";

describe("the tour", () => {
  it("stops only at what is on the page, in order", () => {
    const onPage = new Set(['[data-tour="nav"]', '[data-tour="help"]']);
    const steps = tourSteps((s) => onPage.has(s));
    expect(steps.map((s) => s.element)).toEqual(['[data-tour="nav"]', '[data-tour="help"]']);
    expect(steps[0]?.popover?.title).toBe("Where things are");
  });
});
