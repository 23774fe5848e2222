import { describe, expect, it } from "vitest";
import { newRoute, policyOf, routeFormOf } from "./policy-form";

describe("policy form", () => {
  it("round_trips_a_route_with_escalation", () => {
    const route = {
      name: "critical",
      matchers: [{ name: "severity", op: "=" as const, value: "critical" }],
      channels: ["ops-webhook"],
      group_by: ["alertname"],
      group_wait_seconds: 0,
      group_interval_seconds: 60,
      repeat_interval_seconds: 3_600,
      continue: true,
      escalation: [{ after_seconds: 600, channels: ["pager"], members: ["lead@acme.io", "cto@acme.io"] }],
      escalation_repeat_seconds: 0,
    };
    expect(policyOf([routeFormOf(route)])).toEqual({ policy: { routes: [route] }, error: null });
  });

  it("says_which_route_has_a_bad_duration", () => {
    expect(policyOf([newRoute(), { ...newRoute(), name: "b", groupWait: "soon" }]).error).toBe("Route 2 (b): group wait is not a duration (30s, 5m, 4h)");
  });
});
