import type { AlertChannel, ChannelKind } from "./api/alert-types";

export const MASKED = "***";

export interface ConfigField {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  hint?: string;
  /** A list typed as comma-separated text (email recipients). */
  list?: boolean;
}

/** The configuration fields of each channel kind; secret ones come back as "***" and stay unchanged when left blank. */
export const CHANNEL_FIELDS: Record<ChannelKind, ConfigField[]> = {
  email: [{ key: "to", label: "Recipients", list: true, hint: "Addresses, separated by commas." }],
  slack: [{ key: "url", label: "Incoming webhook URL", secret: true }],
  webhook: [
    { key: "url", label: "URL", secret: true, hint: "Receives Alertmanager-style JSON. Kept sealed: it often carries a token." },
    { key: "hmac_secret", label: "HMAC secret", secret: true, optional: true, hint: "Signs each body with HMAC-SHA256." },
  ],
  pagerduty: [
    { key: "routing_key", label: "Routing key", secret: true },
    { key: "url", label: "Events API URL", optional: true, hint: "Leave blank for PagerDuty's." },
  ],
};

export const CHANNEL_KINDS: ChannelKind[] = ["email", "slack", "webhook", "pagerduty"];

/** The inputs of a channel's config: secrets empty (their placeholder says they are set), lists as text. */
export function configInputs(kind: ChannelKind, config: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CHANNEL_FIELDS[kind]) {
    const v = config?.[f.key];
    if (f.secret) out[f.key] = "";
    else if (f.list) out[f.key] = Array.isArray(v) ? v.join(", ") : "";
    else out[f.key] = typeof v === "string" ? v : "";
  }
  return out;
}

/** Whether a secret is already stored for the field (answered as "***"). */
export function secretIsSet(channel: AlertChannel | null, key: string): boolean {
  return (channel?.config as Record<string, unknown> | undefined)?.[key] === MASKED;
}

/** The config to send: blank secrets of an existing channel are left out (kept); blank optional fields are left out. */
export function configBody(kind: ChannelKind, inputs: Record<string, string>, headers: Array<{ key: string; value: string }> = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CHANNEL_FIELDS[kind]) {
    const v = (inputs[f.key] ?? "").trim();
    if (f.list) out[f.key] = v.split(",").map((s) => s.trim()).filter(Boolean);
    else if (v !== "") out[f.key] = v;
  }
  if (kind === "webhook") {
    const h = Object.fromEntries(headers.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]));
    if (Object.keys(h).length) out.headers = h;
  }
  return out;
}

/** "config.url" → "url": the input a server error names. */
export function configFieldOf(serverField: string | undefined): string | null {
  if (!serverField) return null;
  const m = serverField.match(/^config\.([a-z_]+)/);
  return m ? m[1]! : serverField === "name" ? "name" : null;
}
