import { describe, expect, it } from "vitest";
import { imageRows, isImagePath } from "./image-artifacts";

describe("isImagePath", () => {
  it("takes png, jpg, gif, webp and svg in any case, nothing else", () => {
    expect(["a.png", "plots/b.JPG", "c.jpeg", "d.gif", "e.webp", "f.svg"].every(isImagePath)).toBe(true);
    expect(["a.csv", "png", "plots.png/readme", "model.pkl", "x.bmp"].some(isImagePath)).toBe(false);
  });
});

describe("imageRows", () => {
  it("lists every image path of any run once, in order, marking the runs that lack it", () => {
    expect(imageRows([["plots/roc.png", "summary.json", "a.svg"], ["plots/roc.png"], []])).toEqual([
      { path: "a.svg", present: [true, false, false] },
      { path: "plots/roc.png", present: [true, true, false] },
    ]);
  });
});
