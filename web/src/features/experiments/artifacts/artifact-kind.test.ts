import { describe, expect, it } from "vitest";
import { MAX_PREVIEW_BYTES, prettyJson, previewKind } from "./artifact-kind";

describe("previewKind", () => {
  it("previews images, JSON, CSV and text by extension", () => {
    expect(previewKind("confusion.PNG", 1000)).toBe("image");
    expect(previewKind("metrics.json", 10)).toBe("json");
    expect(previewKind("predictions.csv", 10)).toBe("csv");
    expect(previewKind("MLmodel", 400)).toBe("text");
  });

  it("shows HTML as source, never as a page, and offers binaries and big files as downloads", () => {
    expect(previewKind("report.html", 10)).toBe("text");
    expect(previewKind("model.pkl", 10)).toBe("none");
    expect(previewKind("huge.csv", MAX_PREVIEW_BYTES + 1)).toBe("none");
  });

  it("indents JSON and keeps text that does not parse", () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("{oops")).toBe("{oops");
  });
});
