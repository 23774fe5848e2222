import { ArrowDown, ArrowUp, Pin, PinOff, SlidersVertical } from "lucide-react";
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { useElementWidth } from "@/lib/use-element-width";
import { useInView } from "@/lib/use-in-view";
import { useMetricSeries } from "../api/analysis-queries";
import type { ProjectRef } from "../api/experiment-queries";
import { formatMetric } from "../charts/chart-data";
import { alignXY, pointsPerRun, positiveOnly, toXY, type XMode } from "./align";
import type { YRange } from "./chart-settings";
import { ExperimentChart, type XWindow } from "./ExperimentChart";
import { aggregateGroups, groupSingleValues, type RunGroup } from "./grouping";
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
  /** Runs grouped by a param or tag (drawn as mean and min–max band per group), with a colour per group; null for one line per run. */
  groups: RunGroup[] | null;
  groupColors: string[];
}

/** A panel's place on the page and its own settings, with what changes them. */
export interface PanelLayout {
  pinned: boolean;
  /** Where a pinned panel may move among the pinned ones. */
  canMoveUp: boolean;
  canMoveDown: boolean;
  yRange: YRange | null;
  onPin: () => void;
  onMove: (by: -1 | 1) => void;
  onYRange: (range: YRange | null) => void;
  /** The drag grip that reorders the panel (absent where panels cannot be dragged). */
  grip?: ReactNode;
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
  layout: PanelLayout;
}

// Grouped, hidden runs are already left out of each group's value.
const NONE_HIDDEN: ReadonlySet<number> = new Set();

const iconButton = "rounded p-1 text-muted hover:bg-subtle hover:text-fg aria-pressed:text-accent";

/** The manual y range of a panel: min and max, applied together; "Fit to data" drops it. */
function YRangeForm({ metricKey, range, onApply, onClose }: { metricKey: string; range: YRange | null; onApply: (r: YRange | null) => void; onClose: () => void }) {
  const [min, setMin] = useState(range ? String(range.min) : "");
  const [max, setMax] = useState(range ? String(range.max) : "");
  const lo = Number(min);
  const hi = Number(max);
  const valid = min.trim() !== "" && max.trim() !== "" && Number.isFinite(lo) && Number.isFinite(hi) && lo < hi;
  const field = "h-7 w-24 rounded border border-border bg-surface px-2 font-mono text-xs";
  return (
    <form
      aria-label={`Y range of ${metricKey}`}
      className="flex flex-wrap items-center gap-2 text-xs"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        onApply({ min: lo, max: hi });
        onClose();
      }}
    >
      <label className="flex items-center gap-1">
        Min <input aria-label="Y min" inputMode="decimal" className={field} value={min} onChange={(e) => setMin(e.target.value)} autoFocus />
      </label>
      <label className="flex items-center gap-1">
        Max <input aria-label="Y max" inputMode="decimal" className={field} value={max} onChange={(e) => setMax(e.target.value)} />
      </label>
      <button type="submit" disabled={!valid} className="rounded border border-border px-2 py-1 hover:bg-subtle disabled:opacity-50">
        Apply
      </button>
      <button
        type="button"
        className="rounded px-2 py-1 hover:bg-subtle"
        onClick={() => {
          onApply(null);
          onClose();
        }}
      >
        Fit to data
      </button>
      {min.trim() !== "" && max.trim() !== "" && !valid && <span className="text-danger">Min must be a number below max.</span>}
    </form>
  );
}

/**
 * One metric of every charted run. Fetched once near the viewport, in one call for all runs; a
 * zoom on the step axis asks the server for that window only, so it is exact, not a blow-up of the
 * downsampled whole.
 */
export function ExperimentMetricPanel({ projectRef, metricKey, runs, colors, view, onWindow, onFocusRun, mayLoad, onLoaded, layout }: MetricPanelProps) {
  const [editingRange, setEditingRange] = useState(false);
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
  const { groups, hidden } = view;
  const grouped = useMemo(() => (groups ? aggregateGroups(data, groups, hidden) : null), [data, groups, hidden]);
  const groupedSingle = useMemo(() => (groups && single ? groupSingleValues(single, groups, hidden) : null), [groups, single, hidden]);

  return (
    <figure aria-labelledby={titleId} className="flex min-w-0 flex-col gap-1 rounded-lg border border-border bg-surface p-3">
      <figcaption className="flex items-baseline gap-2">
        {layout.grip && <span className="-ml-1 shrink-0 self-center">{layout.grip}</span>}
        <span id={titleId} className="truncate font-mono text-sm font-medium" title={metricKey}>
          {metricKey}
        </span>
        {view.highlighted !== null && runs[view.highlighted] && (
          <span className="flex min-w-0 items-center gap-1 text-xs font-medium">
            <span aria-hidden="true" className="inline-block size-2 shrink-0 rounded-full" style={{ backgroundColor: colors[view.highlighted] }} />
            <span className="truncate">{runs[view.highlighted]!.name}</span>
          </span>
        )}
        <span className="ml-auto shrink-0 text-xs text-muted" aria-live="polite">
          {series.data && (single ? "logged once" : `${withData} ${withData === 1 ? "run" : "runs"}`)}
          {series.data && series.isFetching ? " · loading…" : ""}
          {layout.yRange && ` · y ${layout.yRange.min} to ${layout.yRange.max}`}
        </span>
        <span className="flex shrink-0 items-center">
          {layout.pinned && (
            <>
              <button type="button" aria-label="Move panel up" disabled={!layout.canMoveUp} className={`${iconButton} disabled:opacity-30`} onClick={() => layout.onMove(-1)}>
                <ArrowUp className="size-3.5" aria-hidden="true" />
              </button>
              <button type="button" aria-label="Move panel down" disabled={!layout.canMoveDown} className={`${iconButton} disabled:opacity-30`} onClick={() => layout.onMove(1)}>
                <ArrowDown className="size-3.5" aria-hidden="true" />
              </button>
            </>
          )}
          <button type="button" aria-label="Y range" aria-pressed={editingRange || layout.yRange !== null} className={iconButton} onClick={() => setEditingRange((e) => !e)}>
            <SlidersVertical className="size-3.5" aria-hidden="true" />
          </button>
          <button type="button" aria-label={layout.pinned ? "Unpin panel" : "Pin panel"} aria-pressed={layout.pinned} className={iconButton} onClick={layout.onPin}>
            {layout.pinned ? <PinOff className="size-3.5" aria-hidden="true" /> : <Pin className="size-3.5" aria-hidden="true" />}
          </button>
        </span>
      </figcaption>
      {editingRange && <YRangeForm metricKey={metricKey} range={layout.yRange} onApply={layout.onYRange} onClose={() => setEditingRange(false)} />}
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
              groups && groupedSingle ? (
                <SingleValueBars
                  label={metricKey}
                  noun="group"
                  values={groupedSingle.map((g) => g?.mean ?? null)}
                  names={groups.map((g) => g.label)}
                  colors={view.groupColors}
                  notes={groupedSingle.map((g) => (g && g.runs > 1 ? `${formatMetric(g.min)}–${formatMetric(g.max)} · ${g.runs} runs` : undefined))}
                  hidden={NONE_HIDDEN}
                  onHover={() => {}}
                />
              ) : single ? (
                <SingleValueBars label={metricKey} values={single} names={runs.map((r) => r.name)} colors={colors} hidden={view.hidden} onHover={onFocusRun} />
              ) : (
                <ExperimentChart
                  label={metricKey}
                  data={grouped ?? data}
                  colors={grouped ? view.groupColors : colors}
                  grouped={grouped !== null}
                  yRange={layout.yRange}
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
