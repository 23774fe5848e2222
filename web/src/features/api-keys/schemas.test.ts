import { describe, expect, it } from "vitest";
import { keyStatus } from "./key-status";
import { createKeySchema, expiresAt } from "./schemas";

const base = { name: "ci", scopes: ["read" as const], projectId: "", expiry: "90" as const, expiryDate: "" };

describe("API key form", () => {
  it("requires a name and at least one scope", () => {
    const r = createKeySchema.safeParse({ ...base, name: " ", scopes: [] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["name", "scopes"]));
  });

  it("refuses a custom expiry in the past", () => {
    const r = createKeySchema.safeParse({ ...base, expiry: "custom", expiryDate: "2001-01-01" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["expiryDate"]);
  });

  it("turns the expiry choice into expires_at", () => {
    expect(expiresAt({ expiry: "never", expiryDate: "" })).toBeNull();
    expect(expiresAt({ expiry: "30", expiryDate: "" }, 1000)).toBe(1000 + 30 * 86_400_000);
    const endOfDay = new Date(expiresAt({ expiry: "custom", expiryDate: "2030-05-01" })!);
    expect([endOfDay.getHours(), endOfDay.getMinutes()]).toEqual([23, 59]);
  });

  it("tells revoked and expired keys apart from active ones", () => {
    expect(keyStatus({ revoked_at: 5, expires_at: null })).toBe("revoked");
    expect(keyStatus({ revoked_at: null, expires_at: 10 }, 20)).toBe("expired");
    expect(keyStatus({ revoked_at: null, expires_at: null })).toBe("active");
  });
});
