import { ArrowRight, History } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { useStageHistory, type ModelRef } from "../api/model-queries";
import { StageBadge } from "./StageBadge";

/** Who moved which version where, when and why; newest first. */
export function StageHistory({ modelRef, version }: { modelRef: ModelRef; version?: number }) {
  const history = useStageHistory(modelRef, version);
  return (
    <Card>
      <CardHeader title="Stage history" />
      <QueryBoundary
        query={history}
        loading={<TableSkeleton rows={3} />}
        empty={<EmptyState icon={<History className="size-6" />} title="No stage changes yet" description="Promote a version to staging or production; each change is recorded here." />}
      >
        {(data) => (
          <ol className="divide-y divide-border">
            {data.map((t) => (
              <li key={t.id} className="px-5 py-3 text-sm">
                <div className="flex flex-wrap items-center gap-1.5">
                  {version === undefined && <span className="font-medium">v{t.version}</span>}
                  <StageBadge stage={t.from_stage} />
                  <ArrowRight className="size-3.5 text-muted" aria-label="to" />
                  <StageBadge stage={t.to_stage} />
                  <span className="ml-auto text-xs whitespace-nowrap text-muted">{formatDateTime(t.created_at)}</span>
                </div>
                <div className="mt-1 text-xs wrap-anywhere text-muted">by {t.actor}</div>
                {t.comment && <p className="mt-1">{t.comment}</p>}
              </li>
            ))}
          </ol>
        )}
      </QueryBoundary>
    </Card>
  );
}
