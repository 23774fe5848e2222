import { Card, CardHeader } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { errorMessage } from "@/lib/api/errors";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import type { AlertRuleInput, ProjectRef } from "../api/alert-types";
import { useRulePreview } from "../api/rule-queries";
import { PreviewChart } from "./PreviewChart";

/** The rule as it stands in the form, evaluated over the last 6 hours (after the typing pauses). */
export function RulePreviewCard({ projectRef, input }: { projectRef: ProjectRef; input: AlertRuleInput | null }) {
  const debounced = useDebouncedValue(input ? { ...input, name: input.name || "preview" } : null, 500);
  const preview = useRulePreview(projectRef, debounced, 6);
  return (
    <Card>
      <CardHeader title="Preview" description="The series over the last 6 hours, the threshold, and when the rule would have fired." />
      <div className="p-5" aria-live="polite">
        {!input ? (
          <p className="text-sm text-muted">Complete the monitor, series and condition to see the preview.</p>
        ) : preview.isError ? (
          <p className="text-sm text-danger">{errorMessage(preview.error)}</p>
        ) : preview.data ? (
          <PreviewChart preview={preview.data} />
        ) : (
          <Skeleton className="h-52 w-full" />
        )}
      </div>
    </Card>
  );
}
