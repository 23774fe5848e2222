import { Badge } from "@/components/ui/Badge";
import type { Alert, Severity } from "../api/alert-types";
import { alertStatus, severityTone, statusTone } from "../format";

/**
 * The shared danger badge (red text on a 15% red tint) falls under 4.5:1 in the light theme;
 * alerts use red most, so theirs is a darker red there.
 */
function DangerBadge({ children }: { children: string }) {
  return <span className="inline-flex items-center rounded bg-danger/10 px-1.5 py-0.5 text-xs font-medium text-[#b91c1c] dark:text-danger">{children}</span>;
}

/** A badge of the shared tones, with the darker red for danger. */
export function ToneBadge({ tone, children }: { tone: "neutral" | "accent" | "success" | "warning" | "danger"; children: string }) {
  return tone === "danger" ? <DangerBadge>{children}</DangerBadge> : <Badge tone={tone}>{children}</Badge>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <ToneBadge tone={severityTone(severity)}>{severity}</ToneBadge>;
}

export function AlertStatusBadge({ alert }: { alert: Pick<Alert, "state" | "acknowledged" | "silenced_by"> }) {
  const status = alertStatus(alert);
  return <ToneBadge tone={statusTone(status)}>{status}</ToneBadge>;
}
