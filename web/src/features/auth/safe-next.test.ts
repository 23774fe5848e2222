import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("follows paths on this site", () => {
    expect(safeNext("/o/acme/projects?q=churn")).toBe("/o/acme/projects?q=churn");
  });

  it("refuses other sites, so the sign-in page is no open redirect", () => {
    for (const next of ["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]) {
      expect(safeNext(next)).toBe("/");
    }
    expect(safeNext(null)).toBe("/");
  });
});
