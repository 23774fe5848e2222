import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Select } from "@/components/ui/Input";
import { SearchInput } from "@/components/ui/SearchInput";
import { Skeleton } from "@/components/ui/Skeleton";
import { useUrlParams } from "@/lib/use-url-params";
import { useExperimentKeys } from "../api/analysis-queries";
import type { ProjectRef } from "../api/experiment-queries";
import { runPalette } from "../charts/palette";
import { GroupBySelect } from "../components/GroupBySelect";
import { RunFilterBox } from "../components/RunFilterBox";
import { MAX_ANALYSED_RUNS, useMatchingRuns } from "../use-matching-runs";
import type { XMode } from "./align";
import { chartSettingsFrom, chartSettingsTo, dropPanel, groupFromParam, matchingPanels, movePinned, orderPanels, togglePin, type YRange } from "./chart-settings";
import type { XWindow } from "./ExperimentChart";
import { groupRuns } from "./grouping";
import { ExperimentMetricPanel, type ChartRun, type PanelLayout, type PanelView } from "./MetricPanel";
import { RunLegend } from "./RunLegend";
import { SortablePanel, SortablePanels } from "./SortablePanels";

interface ChartsViewProps {
  projectRef: ProjectRef;
  experimentId: string;
}

/**
 * Every metric of the experiment, one panel each, with every run matching the filter: a shared
 * legend (hide, isolate, highlight across panels), x axis, log scale, smoothing and a zoom that
 * follows across panels.
 */
export function ChartsView({ projectRef, experimentId }: ChartsViewProps) {
  const [params, update] = useUrlParams();
  const settings = chartSettingsFrom(params);
  const { runs, filter, setFilter, problem } = useMatchingRuns(projectRef, experimentId);
  const keys = useExperimentKeys(projectRef, experimentId);
  const [hiddenIds, setHiddenIds] = useState<Set<string>>(new Set());
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [window, setWindow] = useState<XWindow>(null);
  const [windowMode, setWindowMode] = useState<XMode>(settings.xMode);
  // A zoom belongs to its axis: switching from steps to time starts from the whole range.
  if (windowMode !== settings.xMode) {
    setWindowMode(settings.xMode);
    setWindow(null);
  }

  const items = runs.data?.items;
  const chartRuns: ChartRun[] = useMemo(() => (items ?? []).map((r) => ({ id: r.id, name: r.name, start: r.start_time ?? null })), [items]);
  const colors = useMemo(() => runPalette(chartRuns.length), [chartRuns.length]);
  // The legend of hundreds of runs renders after the panels, which can then start fetching at once.
  const legendRuns = useDeferredValue(chartRuns, []);
  const hidden = useMemo(() => new Set(chartRuns.flatMap((r, i) => (hiddenIds.has(r.id) ? [i] : []))), [chartRuns, hiddenIds]);
  const groupBy = groupFromParam(params.get("group"));
  const groups = useMemo(() => (groupBy && items ? groupRuns(items, groupBy) : null), [items, groupBy]);
  const groupColors = useMemo(() => runPalette(groups?.length ?? 0), [groups]);
  const view: PanelView = { xMode: settings.xMode, logY: settings.logY, smoothing: settings.smoothing, window, hidden, highlighted, groups, groupColors };
  const panels = orderPanels(matchingPanels(keys.data?.metrics ?? [], settings.panelQuery), settings.pinned);
  const layoutOf = (key: string): PanelLayout => {
    const pinnedAt = settings.pinned.filter((k) => panels.includes(k)).indexOf(key);
    const pinnedCount = settings.pinned.filter((k) => panels.includes(k)).length;
    return {
      pinned: pinnedAt >= 0,
      canMoveUp: pinnedAt > 0,
      canMoveDown: pinnedAt >= 0 && pinnedAt < pinnedCount - 1,
      yRange: settings.yRanges[key] ?? null,
      onPin: () => update(chartSettingsTo({ pinned: togglePin(settings.pinned, key) })),
      onMove: (by) => update(chartSettingsTo({ pinned: movePinned(settings.pinned, key, by) })),
      onYRange: (range: YRange | null) => {
        const next = { ...settings.yRanges };
        if (range) next[key] = range;
        else delete next[key];
        update(chartSettingsTo({ yRanges: next }));
      },
    };
  };
  const focus = (i: number | null) => setHighlighted((h) => (h === i ? h : i));
  // Panels load one after the other in page order, so the first chart does not share the server with the rest.
  const [loadedPanels, setLoadedPanels] = useState(0);
  const onLoaded = useCallback((index: number) => setLoadedPanels((n) => Math.max(n, index + 1)), []);

  return (
    <div className="flex flex-col gap-3">
      <Card>
        <div className="flex flex-wrap items-start gap-2 p-3">
          <RunFilterBox applied={filter} onApply={setFilter} problem={problem} keys={keys.data} />
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-border px-3 py-2 text-sm">
          <div className="w-56">
            <SearchInput
              label="Search panels"
              placeholder="Search metrics…"
              value={settings.panelQuery}
              onChange={(q) => update(chartSettingsTo({ panelQuery: q }))}
            />
          </div>
          <label className="flex items-center gap-2">
            X axis
            <Select aria-label="X axis" value={settings.xMode} onChange={(e) => update(chartSettingsTo({ xMode: e.target.value as XMode }))} className="w-auto">
              <option value="step">Step</option>
              <option value="wall">Wall time</option>
              <option value="relative">Relative time</option>
            </Select>
          </label>
          <GroupBySelect keys={keys.data} value={groupBy} onChange={(g) => update(chartSettingsTo({ groupBy: g }))} />
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={settings.logY} onChange={(e) => update(chartSettingsTo({ logY: e.target.checked }))} /> Log scale
          </label>
          <label className="flex items-center gap-2">
            Smoothing
            <input
              type="range"
              min={0}
              max={0.99}
              step={0.01}
              value={settings.smoothing}
              onChange={(e) => update(chartSettingsTo({ smoothing: Number(e.target.value) }))}
              aria-valuetext={settings.smoothing === 0 ? "off" : settings.smoothing.toFixed(2)}
            />
            <span className="w-8 font-mono text-xs tabular-nums">{settings.smoothing.toFixed(2)}</span>
          </label>
          {window && (
            <button type="button" className="rounded border border-border px-2 py-1 text-xs hover:bg-subtle" onClick={() => setWindow(null)}>
              Reset zoom
            </button>
          )}
        </div>
      </Card>
      {problem ? (
        <Card>
          <EmptyState title="The filter needs a fix" description="Correct the expression above and press Enter, or clear it to chart every run." />
        </Card>
      ) : (
        <QueryBoundary
          query={runs}
          loading={<Skeleton className="h-64" />}
          empty={
            <Card>
              <EmptyState
                title={filter ? "No runs match this filter" : "No runs yet"}
                description={filter ? "Loosen the expression to chart more runs." : "Charts appear once runs log metrics."}
              />
            </Card>
          }
        >
          {(data) => (
            <>
              <RunLegend
                runs={legendRuns}
                colors={colors}
                hidden={hidden}
                highlighted={highlighted}
                onHiddenChange={(h) => setHiddenIds(new Set([...h].map((i) => chartRuns[i]!.id)))}
                onHighlight={focus}
              />
              {groups && (
                <section aria-label="Groups on the charts" className="flex flex-col gap-1 text-xs">
                  <span className="text-muted">Each group: its mean, and a band from its min to its max.</span>
                  <ul className="flex flex-wrap gap-x-3 gap-y-1">
                    {groups.map((g, i) => (
                      <li key={g.label} className="flex items-center gap-1">
                        <span aria-hidden="true" className="inline-block h-2 w-4 rounded-sm" style={{ backgroundColor: groupColors[i] }} />
                        <span className="font-mono">{g.label}</span>
                        <span className="text-muted">
                          ({g.runs.length} {g.runs.length === 1 ? "run" : "runs"})
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {data.next_page_token && (
                <p className="text-xs text-muted">Charting the first {MAX_ANALYSED_RUNS} runs in this order; narrow the filter to chart the rest.</p>
              )}
              {keys.isSuccess && panels.length === 0 ? (
                <Card>
                  <EmptyState
                    title={settings.panelQuery ? "No metric matches this search" : "No metrics logged"}
                    description={settings.panelQuery ? "Clear the panel search to see every metric." : "Panels appear once runs log metrics."}
                  />
                </Card>
              ) : (
                <section aria-label="Metric charts" className="grid gap-3 lg:grid-cols-2 2xl:grid-cols-3">
                  <SortablePanels ids={panels} onMove={(from, to) => update(chartSettingsTo({ pinned: dropPanel(panels, settings.pinned, from, to) }))}>
                    {panels.map((key, index) => (
                      <SortablePanel key={key} id={key} label={key}>
                        {(grip) => (
                          <ExperimentMetricPanel
                            mayLoad={index <= loadedPanels}
                            onLoaded={() => onLoaded(index)}
                            projectRef={projectRef}
                            metricKey={key}
                            runs={chartRuns}
                            colors={colors}
                            view={view}
                            onWindow={setWindow}
                            onFocusRun={focus}
                            layout={{ ...layoutOf(key), grip }}
                          />
                        )}
                      </SortablePanel>
                    ))}
                  </SortablePanels>
                </section>
              )}
            </>
          )}
        </QueryBoundary>
      )}
    </div>
  );
}
