import { Badge } from "@/components/ui/Badge";
import type { DeploymentState } from "../api/deployment-queries";

const tones: Record<DeploymentState, "neutral" | "accent" | "success" | "warning" | "danger"> = {
  pending: "accent",
  starting: "accent",
  healthy: "success",
  degraded: "warning",
  failed: "danger",
  stopping: "neutral",
  stopped: "neutral",
};

/** A deployment's state as a coloured word (the word carries the meaning, the colour helps). */
export function StateBadge({ state }: { state: DeploymentState }) {
  return <Badge tone={tones[state]}>{state}</Badge>;
}
