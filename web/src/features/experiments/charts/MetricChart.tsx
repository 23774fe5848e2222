import { Minus, MoveLeft, MoveRight, Plus, RotateCcw } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { Button } from "@/components/ui/Button";
import { formatMetric, lonePointSeries, type AlignedColumns } from "./chart-data";
import { seriesColor } from "./series-colors";
import { useDarkTheme } from "@/lib/use-dark-theme";

interface MetricChartProps {
  label: string;
  data: AlignedColumns;
  seriesNames: string[];
  width: number;
  height?: number;
  /** The visible step span after a zoom or pan, null when back to the whole history. */
  onVisibleSpanChange: (span: number | null) => void;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The step window on screen (unset before the first draw). */
function xWindow(u: uPlot): { min: number | undefined; max: number | undefined } {
  return { min: u.scales.x?.min, max: u.scales.x?.max };
}

/** The values under the pointer: its step and each series' value there. */
interface Readout {
  step: number;
  values: Array<number | null | undefined>;
}

function readoutAt(u: uPlot): Readout | null {
  const idx = u.cursor.idx;
  if (idx == null) return null;
  return { step: u.data[0][idx]!, values: u.data.slice(1).map((ys) => ys[idx]) };
}

function options(seriesNames: string[], lone: boolean[], width: number, height: number, onScale: (u: uPlot) => void, onCursor: (u: uPlot) => void): uPlot.Options {
  const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--border"), width: 1 }, ticks: { stroke: cssVar("--border"), width: 1 } };
  return {
    width,
    height,
    legend: { show: false },
    // Drag to zoom into steps; y follows the visible data.
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: false } },
    axes: [{ ...axis, label: "step" }, axis],
    series: [
      { label: "step" },
      // Points stay hidden on lines (thousands of them would blur it); a lone point is a dot, or nothing would show.
      ...seriesNames.map((name, i) => ({ label: name, stroke: seriesColor(i), width: 1.5, spanGaps: true, points: { show: lone[i] ?? false, size: 7, fill: seriesColor(i) } })),
    ],
    hooks: { setScale: [(u, key) => key === "x" && onScale(u)], setCursor: [onCursor] },
  };
}

/**
 * A uPlot line chart of one metric (canvas: smooth with many thousands of points). Drag across it to
 * zoom, double-click or Reset to see everything; the buttons (and arrow keys on the chart) pan and zoom.
 */
export function MetricChart({ label, data, seriesNames, width, height = 220, onVisibleSpanChange }: MetricChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  // The latest callback for uPlot's hooks, which are set up once per chart.
  const onSpan = useRef(onVisibleSpanChange);
  useLayoutEffect(() => {
    onSpan.current = onVisibleSpanChange;
  });
  const dark = useDarkTheme();
  const [readout, setReadout] = useState<Readout | null>(null);
  const names = seriesNames.join("\u0000");
  const lone = lonePointSeries(data).join(",");

  useEffect(() => {
    if (!host.current || width <= 0) return;
    const report = (u: uPlot) => {
      const xs = u.data[0];
      const full = xs.length ? xs[xs.length - 1]! - xs[0]! : 0;
      const { min, max } = xWindow(u);
      const span = min == null || max == null ? null : max - min;
      onSpan.current(span == null || span >= full ? null : span);
    };
    const u = new uPlot(options(names.split("\u0000"), lone.split(",").map((x) => x === "true"), width, height, report, (c) => setReadout(readoutAt(c))), dataRef.current as uPlot.AlignedData, host.current);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
    // Rebuilt on a new size, theme, set of runs or set of lone points; new data alone goes through setData below.
  }, [width, height, dark, names, lone]);

  useEffect(() => {
    dataRef.current = data;
    const u = plot.current;
    if (!u) return;
    const { min, max } = xWindow(u);
    // Keep the user's zoom when a denser history arrives for it.
    const zoomed = min != null && max != null && data[0].length > 0 && (min > data[0][0]! || max < data[0][data[0].length - 1]!);
    u.setData(data as uPlot.AlignedData, !zoomed);
    if (zoomed) u.setScale("x", { min, max });
  }, [data]);

  const move = (shiftFraction: number, scale: number) => {
    const u = plot.current;
    const xs = u?.data[0];
    if (!u || !xs?.length) return;
    const lo = xs[0]!;
    const hi = xs[xs.length - 1]!;
    const min = xWindow(u).min ?? lo;
    const max = xWindow(u).max ?? hi;
    const span = Math.min(hi - lo, Math.max((max - min) * scale, 1));
    const center = (min + max) / 2 + (max - min) * shiftFraction;
    const start = Math.min(Math.max(center - span / 2, lo), hi - span);
    u.setScale("x", { min: start, max: start + span });
  };
  const reset = () => {
    const xs = plot.current?.data[0];
    if (xs?.length) plot.current?.setScale("x", { min: xs[0]!, max: xs[xs.length - 1]! });
  };

  return (
    <div>
      <div
        ref={host}
        role="img"
        aria-label={`Chart of ${label} by step for ${seriesNames.join(", ")}`}
        tabIndex={0}
        className="rounded focus-visible:outline-2"
        onKeyDown={(e) => {
          const actions: Record<string, () => void> = {
            ArrowLeft: () => move(-0.25, 1),
            ArrowRight: () => move(0.25, 1),
            "+": () => move(0, 0.5),
            "=": () => move(0, 0.5),
            "-": () => move(0, 2),
            "0": reset,
          };
          const action = actions[e.key];
          if (action) {
            e.preventDefault();
            action();
          }
        }}
      />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label="Series">
          {readout && <li className="text-muted tabular-nums">step {readout.step}</li>}
          {seriesNames.map((name, i) => (
            <li key={`${name}-${i}`} className="flex items-center gap-1.5">
              <span aria-hidden="true" className="inline-block h-0.5 w-3 rounded" style={{ backgroundColor: seriesColor(i) }} />
              {name}
              {readout && <span className="font-mono tabular-nums">{formatMetric(readout.values[i] ?? null)}</span>}
            </li>
          ))}
        </ul>
        <div className="flex gap-0.5" role="group" aria-label={`Zoom and pan ${label}`}>
          <Button size="sm" variant="ghost" aria-label="Pan left" onClick={() => move(-0.25, 1)}>
            <MoveLeft className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" aria-label="Pan right" onClick={() => move(0.25, 1)}>
            <MoveRight className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" aria-label="Zoom in" onClick={() => move(0, 0.5)}>
            <Plus className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" aria-label="Zoom out" onClick={() => move(0, 2)}>
            <Minus className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" aria-label="Show the whole history" onClick={reset}>
            <RotateCcw className="size-3.5" />
          </Button>
        </div>
      </div>
    </div>
  );
}
