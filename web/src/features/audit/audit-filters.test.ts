import { describe, expect, it } from "vitest";
import { toAuditQuery } from "./audit-filters";

describe("toAuditQuery", () => {
  it("leaves out empty filters", () => {
    expect(toAuditQuery({ action: " ", targetType: "", since: "", until: "" })).toEqual({});
  });

  it("makes the until date inclusive of the whole day", () => {
    const q = toAuditQuery({ action: "api_key.create", targetType: "api_key", since: "2026-01-10", until: "2026-01-10" });
    expect(q.action).toBe("api_key.create");
    expect(q.target_type).toBe("api_key");
    expect(q.until! - q.since!).toBe(86_400_000);
  });
});
