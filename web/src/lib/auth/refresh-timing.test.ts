import { describe, expect, it } from "vitest";
import { refreshDelayMs } from "./refresh-timing";

describe("refreshDelayMs", () => {
  it("refreshes a 15-minute token one minute before it expires", () => {
    expect(refreshDelayMs(900)).toBe(840_000);
  });

  it("refreshes a short-lived token at 80% of its life", () => {
    expect(refreshDelayMs(100)).toBe(80_000);
  });

  it("never schedules a refresh loop for tiny or negative lifetimes", () => {
    expect(refreshDelayMs(1)).toBe(5_000);
    expect(refreshDelayMs(-10)).toBe(5_000);
  });
});
