import { Badge } from "@/components/ui/Badge";
import type { Alert, Severity } from "../api/alert-types";
import { alertStatus, severityTone, statusTone } from "../format";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={severityTone(severity)}>{severity}</Badge>;
}

export function AlertStatusBadge({ alert }: { alert: Pick<Alert, "state" | "acknowledged" | "silenced_by"> }) {
  const status = alertStatus(alert);
  return <Badge tone={statusTone(status)}>{status}</Badge>;
}
