import type { AuditFilters } from "./api/audit-queries";

export interface AuditFilterForm {
  action: string;
  targetType: string;
  /** yyyy-mm-dd from a date input, local time; empty when unset. */
  since: string;
  until: string;
}

export const emptyAuditFilters: AuditFilterForm = { action: "", targetType: "", since: "", until: "" };

/**
 * The API's query from the form: dates become ms timestamps, and "until" includes the whole day
 * chosen (the API's `until` is exclusive).
 */
export function toAuditQuery(f: AuditFilterForm): AuditFilters {
  const q: AuditFilters = {};
  if (f.action.trim()) q.action = f.action.trim();
  if (f.targetType.trim()) q.target_type = f.targetType.trim();
  if (f.since) q.since = new Date(`${f.since}T00:00:00`).getTime();
  if (f.until) q.until = new Date(`${f.until}T00:00:00`).getTime() + 86_400_000;
  return q;
}
