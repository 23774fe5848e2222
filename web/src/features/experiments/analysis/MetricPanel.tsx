import { useEffect, useId, useMemo, useRef } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { useElementWidth } from "@/lib/use-element-width";
import { useInView } from "@/lib/use-in-view";
import { useMetricSeries } from "../api/analysis-queries";
import type { ProjectRef } from "../api/experiment-queries";
import { alignXY, pointsPerRun, positiveOnly, toXY, type XMode } from "./align";
import { ExperimentChart, type XWindow } from "./ExperimentChart";
import { singleValues } from "./single-values";
import { SingleValueBars } from "./SingleValueBars";

/** A run as the charts need it: its id, legend name and start (for relative time). */
export interface ChartRun {
  id: string;
  name: string;
  start: number | null;
}

export interface PanelView {
  xMode: XMode;
  logY: boolean;
  smoothing: number;
  window: XWindow;
  hidden: ReadonlySet<number>;
  highlighted: number | null;
}

interface MetricPanelProps {
  projectRef: ProjectRef;
  metricKey: string;
  runs: ChartRun[];
  colors: string[];
  view: PanelView;
  onWindow: (w: XWindow) => void;
  onFocusRun: (run: number | null) => void;
  /** False until the panels before this one have their data: one request at a time, the first chart first. */
  mayLoad: boolean;
  onLoaded: () => void;
}

/**
 * One metric of every charted run. Fetched once near the viewport, in one call for all runs; a
 * zoom on the step axis asks the server for that window only, so it is exact, not a blow-up of the
 * downsampled whole.
 */
export function ExperimentMetricPanel({ projectRef, metricKey, runs, colors, view, onWindow, onFocusRun, mayLoad, onLoaded }: MetricPanelProps) {
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const inView = useInView(box);
  const stepWindow = view.xMode === "step" && view.window ? view.window : null;
  const series = useMetricSeries(
    projectRef,
    {
      run_ids: runs.map((r) => r.id),
      keys: [metricKey],
      max_points: pointsPerRun(runs.length, width || 600),
      ...(stepWindow ? { start_step: Math.floor(stepWindow.min), end_step: Math.ceil(stepWindow.max) } : {}),
    },
    inView && width > 0 && mayLoad,
  );
  const settled = series.isSuccess || series.isError;
  useEffect(() => {
    if (settled) onLoaded();
  }, [settled, onLoaded]);
  const titleId = useId();
  const runIndex = useMemo(() => new Map(runs.map((r, i) => [r.id, i])), [runs]);
  const items = series.data?.items;
  const single = useMemo(() => (items && !stepWindow ? singleValues(items, runIndex, runs.length) : null), [items, stepWindow, runIndex, runs.length]);
  const data = useMemo(() => {
    const byRun = new Array(runs.length).fill(null) as Array<ReturnType<typeof toXY> | null>;
    for (const item of items ?? []) {
      const i = runIndex.get(item.run_id);
      if (i !== undefined) byRun[i] = toXY(item, view.xMode, runs[i]!.start, view.smoothing);
    }
    const aligned = alignXY(byRun, Math.max(64, width));
    return view.logY ? positiveOnly(aligned) : aligned;
  }, [items, runIndex, runs, view.xMode, view.smoothing, view.logY, width]);
  const withData = items?.length ?? 0;

  return (
    <figure aria-labelledby={titleId} className="flex min-w-0 flex-col gap-1 rounded-lg border border-border bg-surface p-3">
      <figcaption className="flex items-baseline gap-2">
        <span id={titleId} className="truncate font-mono text-sm font-medium" title={metricKey}>
          {metricKey}
        </span>
        {view.highlighted !== null && runs[view.highlighted] && (
          <span className="flex min-w-0 items-center gap-1 text-xs font-medium">
            <span aria-hidden="true" className="inline-block size-2 shrink-0 rounded-full" style={{ backgroundColor: colors[view.highlighted] }} />
            <span className="truncate">{runs[view.highlighted]!.name}</span>
          </span>
        )}
        {series.data && (
          <span className="ml-auto shrink-0 text-xs text-muted" aria-live="polite">
            {single ? "logged once" : `${withData} ${withData === 1 ? "run" : "runs"}`}
            {series.isFetching ? " · loading…" : ""}
          </span>
        )}
      </figcaption>
      <div ref={box} className={single ? "min-h-[120px]" : "min-h-[200px]"}>
        {!inView ? (
          <Skeleton className="h-[200px]" />
        ) : (
          <QueryBoundary
            query={series}
            loading={<Skeleton className="h-[200px]" />}
            errorTitle={`Could not load ${metricKey}`}
            empty={<p className="py-16 text-center text-sm text-muted">No points{stepWindow ? " in this window" : ""}.</p>}
            isEmpty={(d) => d.items.length === 0}
          >
            {() =>
              single ? (
                <SingleValueBars label={metricKey} values={single} names={runs.map((r) => r.name)} colors={colors} hidden={view.hidden} onHover={onFocusRun} />
              ) : (
                <ExperimentChart
                  label={metricKey}
                  data={data}
                  colors={colors}
                  hidden={view.hidden}
                  highlighted={view.highlighted}
                  xMode={view.xMode}
                  logY={view.logY}
                  width={width}
                  window={view.window}
                  onWindow={onWindow}
                  onFocusRun={onFocusRun}
                />
              )
            }
          </QueryBoundary>
        )}
      </div>
    </figure>
  );
}
