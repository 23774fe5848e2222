import { Badge } from "@/components/ui/Badge";

/**
 * Drift or none as a word on colour. Drift is white on the solid danger colour: the tinted danger
 * badge falls below WCAG AA contrast on light surfaces.
 */
export function DriftBadge({ drifted, children }: { drifted: boolean; children: string }) {
  if (!drifted) return <Badge tone="success">{children}</Badge>;
  return <span className="inline-flex items-center rounded bg-danger-solid px-1.5 py-0.5 text-xs font-medium text-white">{children}</span>;
}
