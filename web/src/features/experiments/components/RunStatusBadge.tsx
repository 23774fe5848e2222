import { Badge } from "@/components/ui/Badge";
import type { Run } from "../api/run-queries";

const tone = { RUNNING: "accent", SCHEDULED: "neutral", FINISHED: "success", FAILED: "danger", KILLED: "warning" } as const;

export function RunStatusBadge({ status }: { status: Run["status"] }) {
  return <Badge tone={tone[status]}>{status.toLowerCase()}</Badge>;
}
