import { Badge } from "@/components/ui/Badge";
import type { ModelStage } from "../api/model-queries";

const tone = { development: "neutral", staging: "warning", production: "success", archived: "neutral" } as const;

export function StageBadge({ stage }: { stage: ModelStage }) {
  return <Badge tone={tone[stage]}>{stage}</Badge>;
}
