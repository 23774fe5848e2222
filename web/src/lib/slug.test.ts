import { describe, expect, it } from "vitest";
import { SLUG_PATTERN, slugify } from "./slug";

describe("slugify", () => {
  it("makes a slug the server accepts from any name", () => {
    expect(slugify("Acme Research")).toBe("acme-research");
    expect(slugify("  Café — Zürich!! ")).toBe("cafe-zurich");
    expect(SLUG_PATTERN.test(slugify("Churn model v2"))).toBe(true);
  });

  it("stays within 50 characters without a trailing dash", () => {
    const slug = slugify(`${"a".repeat(49)} b`);
    expect(slug.length).toBeLessThanOrEqual(50);
    expect(slug.endsWith("-")).toBe(false);
  });
});
