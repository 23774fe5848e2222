import { describe, expect, it } from "vitest";
import { absoluteUrl, describeSource, formatMs } from "./format";

describe("deployment formatting", () => {
  it("makes an endpoint path absolute on this server and keeps an absolute URL", () => {
    expect(absoluteUrl("/v2/models/churn/infer")).toBe(`${window.location.origin}/v2/models/churn/infer`);
    expect(absoluteUrl("https://cairn.example.com/v2/models/churn/infer")).toBe("https://cairn.example.com/v2/models/churn/infer");
  });

  it("names what a deployment serves", () => {
    expect(describeSource({ model: "churn", alias: "champion" }, 4)).toBe("churn@champion → v4");
    expect(describeSource({ model: "churn", version: 3 }, 3)).toBe("churn v3");
    expect(describeSource({ model: "churn", stage: "production" }, 2)).toBe("churn (production) → v2");
  });

  it("writes latencies for people", () => {
    expect([formatMs(null), formatMs(0.42), formatMs(12.4), formatMs(1300)]).toEqual(["—", "0.42 ms", "12 ms", "1.3 s"]);
  });
});
