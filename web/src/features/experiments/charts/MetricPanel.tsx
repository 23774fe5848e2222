import { useId, useMemo, useRef, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatNumber } from "@/lib/format";
import type { ProjectRef } from "../api/experiment-queries";
import { useMetricHistories } from "../api/run-queries";
import { alignByStep, pointsToRequest, stepSpan } from "./chart-data";
import { MetricChart } from "./MetricChart";
import { MetricValues } from "./MetricValues";
import { loggedOnce } from "./single-value";
import { useElementWidth } from "@/lib/use-element-width";

interface MetricPanelProps {
  projectRef: ProjectRef;
  metricKey: string;
  runIds: string[];
  /** Legend names, in the order of runIds. */
  runNames: string[];
}

/**
 * One metric of one or more runs, charted; a metric logged at a single step is shown as values. The histories come downsampled to the chart's width;
 * zooming in asks again for proportionally more points so the window stays detailed.
 */
export function MetricPanel({ projectRef, metricKey, runIds, runNames }: MetricPanelProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const [visibleSpan, setVisibleSpan] = useState<number | null>(null);
  // The whole history's step span, from the last answer (downsampling keeps the first and the last
  // point, so even coarse data knows it); before any answer, 0: one point per pixel.
  const [fullSpan, setFullSpan] = useState(0);
  const maxPoints = width > 0 ? pointsToRequest(width, fullSpan, visibleSpan) : 0;
  const histories = useMetricHistories(projectRef, runIds, metricKey, maxPoints);

  const points = useMemo(() => (histories.data?.items ?? []).map((h) => h.points), [histories.data]);
  const data = useMemo(() => alignByStep(points), [points]);
  const single = useMemo(() => loggedOnce(points), [points]);
  const titleId = useId();
  const span = stepSpan(points);
  const answeredSpan = span ? span.max - span.min : 0;
  // Adjusting state while rendering (React's documented pattern): the request size follows at once.
  if (answeredSpan !== fullSpan) setFullSpan(answeredSpan);
  const total = points.reduce((n, p) => n + p.length, 0);
  const downsampled = histories.data?.items.some((h) => h.downsampled) ?? false;

  return (
    <figure aria-labelledby={titleId} className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-4">
      <figcaption className="flex items-baseline justify-between gap-2">
        <span id={titleId} className="font-mono text-sm font-medium">
          {metricKey}
        </span>
        {histories.data && (
          <span className="text-xs text-muted" aria-live="polite">
            {single ? "logged once" : `${formatNumber(total)} ${total === 1 ? "point" : "points"}${downsampled ? " (downsampled)" : ""}`}
            {histories.isFetching ? " · loading…" : ""}
          </span>
        )}
      </figcaption>
      {/* A single value needs no chart's height; the height is kept while loading, so most panels do not jump. */}
      <div ref={box} className={single ? undefined : "min-h-[260px]"}>
        <QueryBoundary
          query={histories}
          loading={<Skeleton className="h-[220px]" />}
          errorTitle={`Could not load ${metricKey}`}
          empty={<p className="py-20 text-center text-sm text-muted">No points logged for {metricKey}.</p>}
          isEmpty={() => total === 0}
        >
          {() =>
            single ? (
              <MetricValues label={metricKey} values={single} seriesNames={runNames} />
            ) : (
              <MetricChart label={metricKey} data={data} seriesNames={runNames} width={width} onVisibleSpanChange={setVisibleSpan} />
            )
          }
        </QueryBoundary>
      </div>
    </figure>
  );
}
