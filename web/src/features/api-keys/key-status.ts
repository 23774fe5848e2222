import type { ApiKey } from "@/lib/api/types";

export type KeyStatus = "active" | "expired" | "revoked";

export function keyStatus(key: Pick<ApiKey, "revoked_at" | "expires_at">, now = Date.now()): KeyStatus {
  if (key.revoked_at != null) return "revoked";
  if (key.expires_at != null && key.expires_at <= now) return "expired";
  return "active";
}
