import { Skeleton } from "@/components/ui/Skeleton";
import { errorMessage } from "@/lib/api/errors";
import { useAlertRule, useRulePreview } from "../api/rule-queries";
import type { Alert, ProjectRef } from "../api/alert-types";
import { ruleBodyOf } from "../rule-form";
import { PreviewChart } from "./PreviewChart";

/** The alert's rule series over the last 6 hours with its threshold, the rule's firing episodes and when this alert fired. */
export function AlertSeries({ projectRef, alert }: { projectRef: ProjectRef; alert: Alert }) {
  const ruleId = alert.rule.id ?? "";
  const rule = useAlertRule(projectRef, ruleId, ruleId !== "");
  const preview = useRulePreview(projectRef, rule.data ? ruleBodyOf(rule.data) : null, 6);
  if (rule.isError) return <p className="text-sm text-muted">The rule is gone: {errorMessage(rule.error)}</p>;
  if (preview.isError) return <p className="text-sm text-danger">Could not load the series: {errorMessage(preview.error)}</p>;
  if (!preview.data) return <Skeleton className="h-52 w-full" />;
  return <PreviewChart preview={preview.data} markers={[alert.fired_at ?? alert.active_since]} />;
}
