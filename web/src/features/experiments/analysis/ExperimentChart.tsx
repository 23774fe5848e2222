import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkTheme } from "@/lib/use-dark-theme";
import type { AlignedColumns } from "../charts/chart-data";
import { translucent } from "../charts/palette";
import type { XMode } from "./align";
import type { YRange } from "./chart-settings";

/** A window of the x axis after a zoom, shared by every panel; null is the whole range. */
export type XWindow = { min: number; max: number } | null;

interface ExperimentChartProps {
  label: string;
  data: AlignedColumns;
  /** One per run, the same list and order in every panel, so a series index means the same run everywhere. */
  colors: string[];
  hidden: ReadonlySet<number>;
  highlighted: number | null;
  xMode: XMode;
  logY: boolean;
  width: number;
  window: XWindow;
  onWindow: (w: XWindow) => void;
  onFocusRun: (run: number | null) => void;
  height?: number;
  /** A fixed y range instead of one fitted to the data. */
  yRange?: YRange | null;
  /**
   * Groups instead of runs: `colors` are one per group and `data` holds three columns per group
   * (mean, min, max, from aggregateGroups); each is drawn as its mean line over a min–max band.
   */
  grouped?: boolean;
}

// Panels share the cursor and the focused series: hovering a run in one panel highlights it in all.
const SYNC_KEY = "cairn-experiment-charts";

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function relativeLabel(seconds: number): string {
  if (Math.abs(seconds) < 120) return `${Math.round(seconds)}s`;
  if (Math.abs(seconds) < 7200) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

/**
 * Many runs of one metric on a uPlot canvas (hundreds of lines stay smooth). Dragging zooms every
 * panel (the window goes up to the page); the focused run is drawn at full strength, the rest faded.
 */
export function ExperimentChart(props: ExperimentChartProps) {
  const { label, data, colors, hidden, highlighted, xMode, logY, width, window, height = 200, grouped = false } = props;
  // A log axis cannot start at or below zero: such a range is left for the data to set.
  const yRange = props.yRange && (!logY || props.yRange.min > 0) ? props.yRange : null;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const dark = useDarkTheme();
  const colorKey = colors.join(",");
  // A window applied from outside must not echo back as a new zoom.
  const applying = useRef(false);

  useEffect(() => {
    if (!host.current || width <= 0) return;
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--border"), width: 1 }, ticks: { stroke: cssVar("--border"), width: 1 } };
    const xAxis: uPlot.Axis = { ...axis, label: xMode === "step" ? "step" : xMode === "wall" ? undefined : "time since start" };
    if (xMode === "relative") xAxis.values = (_u, ticks) => ticks.map(relativeLabel);
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      focus: { alpha: 0.15 },
      cursor: {
        drag: { x: true, y: false, setScale: true },
        focus: { prox: 12 },
        sync: { key: SYNC_KEY, setSeries: true },
        points: { show: false },
      },
      scales: {
        x: { time: xMode === "wall" },
        y: { ...(logY ? { distr: 3 } : {}), ...(yRange ? { auto: false, range: [yRange.min, yRange.max] as uPlot.Range.MinMax } : {}) },
      },
      axes: [xAxis, axis],
      series: [
        {},
        ...(grouped
          ? colors.flatMap((stroke, g) => [
              { label: `${g} mean`, stroke, width: 2, spanGaps: true, points: { show: false } },
              { label: `${g} min`, stroke: translucent(stroke, 0.35), width: 0.75, spanGaps: true, points: { show: false } },
              { label: `${g} max`, stroke: translucent(stroke, 0.35), width: 0.75, spanGaps: true, points: { show: false } },
            ])
          : colors.map((stroke, i) => ({ label: String(i), stroke, width: 1.25, spanGaps: true, show: !latest.current.hidden.has(i), points: { show: false } }))),
      ],
      // A group's band fills between its max and its min column.
      bands: grouped ? colors.map((c, g) => ({ series: [3 * g + 3, 3 * g + 2] as [number, number], fill: translucent(c, 0.15) })) : undefined,
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== "x" || applying.current) return;
            const xs = u.data[0];
            const min = u.scales.x?.min;
            const max = u.scales.x?.max;
            if (min == null || max == null || !xs.length) return;
            const whole = min <= xs[0]! && max >= xs[xs.length - 1]!;
            latest.current.onWindow(whole ? null : { min, max });
          },
        ],
        setSeries: [
          (_u, idx, opts) =>
            !latest.current.grouped &&
            (opts as { focus?: boolean }).focus !== undefined &&
            latest.current.onFocusRun(idx == null || idx === 0 ? null : idx - 1),
        ],
      },
    };
    const u = new uPlot(opts, data as uPlot.AlignedData, host.current);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
    // Rebuilt on a new size, theme, axis kind or set of runs; new data, hidden runs and windows go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [width, height, dark, xMode, logY, colorKey, grouped, yRange?.min, yRange?.max]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    applying.current = true;
    u.setData(data as uPlot.AlignedData, !window);
    if (window) u.setScale("x", window);
    applying.current = false;
  }, [data, window]);

  useEffect(() => {
    const u = plot.current;
    // Grouped, a hidden run is left out of its group's aggregate instead.
    if (!u || grouped) return;
    u.batch(() => {
      for (let i = 1; i < u.series.length; i++) {
        const show = !hidden.has(i - 1);
        if (u.series[i]!.show !== show) u.setSeries(i, { show }, false);
      }
    });
  }, [hidden, grouped]);

  useEffect(() => {
    const u = plot.current;
    if (!u || grouped) return;
    // Fires setSeries hooks; the page ignores a focus equal to the one it holds.
    u.setSeries(highlighted == null ? null : highlighted + 1, { focus: true }, false);
  }, [highlighted, grouped]);

  return (
    <div
      ref={host}
      role="img"
      aria-label={`Chart of ${label} for ${colors.length} ${grouped ? "groups (mean and min–max band)" : "runs"}; drag to zoom every chart, double-click to reset`}
      onDoubleClick={() => props.onWindow(null)}
    />
  );
}
