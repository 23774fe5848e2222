import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkTheme } from "@/lib/use-dark-theme";
import { useElementWidth } from "@/lib/use-element-width";
import { lonePoints, type Columns } from "@/lib/time-columns";

const COLORS = ["#6366f1", "#f97316", "#10b981", "#e11d48", "#0ea5e9", "#a855f7", "#eab308", "#14b8a6"];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function seriesColor(i: number): string {
  return COLORS[i % COLORS.length]!;
}

interface TimeChartProps {
  title: string;
  series: string[];
  data: Columns;
  unit: string;
  /** Called with the dragged span (seconds since the epoch) to narrow the page's range. */
  onZoom?: (fromSeconds: number, toSeconds: number) => void;
  /** The x range to show (seconds), so empty edges of the range stay visible. */
  span?: { from: number; to: number };
}

/**
 * A uPlot line chart over time (a deployment's live metrics, a monitor's reports). With onZoom, a drag
 * across it selects a span to zoom the page into. The latest values are written out for screen readers.
 */
export function TimeChart({ title, series, data, unit, onZoom, span }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const spanRef = useRef(span);
  const zoom = useRef(onZoom);
  useLayoutEffect(() => {
    zoom.current = onZoom;
    spanRef.current = span;
  });
  const width = useElementWidth(box);
  const dark = useDarkTheme();
  const names = series.join("\u0000");
  const lone = lonePoints(data).join(",");

  useEffect(() => {
    if (!host.current || width <= 0) return;
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--border"), width: 1 }, ticks: { stroke: cssVar("--border"), width: 1 } };
    const u = new uPlot(
      {
        width,
        height: 170,
        legend: { show: false },
        // The drag selects a span; the page narrows its range to it (the charts then reload for it).
        cursor: { drag: { x: Boolean(zoom.current), y: false, setScale: false } },
        scales: { x: { time: true, range: (_u, min, max) => (spanRef.current ? [spanRef.current.from, spanRef.current.to] : [min, max]) } },
        axes: [axis, { ...axis, size: 56 }],
        series: [
          {},
          // Points stay hidden on lines; a value without neighbours is a dot, or nothing would show.
          ...names.split("\u0000").map((label, i) => ({
            label,
            stroke: seriesColor(i),
            width: 1.5,
            spanGaps: false,
            points: { show: lone.split(",")[i] === "true", size: 6, fill: seriesColor(i) },
          })),
        ],
        hooks: {
          setSelect: [
            (plotted) => {
              const { left, width: w } = plotted.select;
              if (w > 2) zoom.current?.(plotted.posToVal(left, "x"), plotted.posToVal(left + w, "x"));
              plotted.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            },
          ],
        },
      },
      dataRef.current as uPlot.AlignedData,
      host.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [width, dark, names, lone]);

  useEffect(() => {
    dataRef.current = data;
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, span?.from, span?.to]);

  const latest = series.map((name, i) => {
    const ys = data[i + 1] ?? [];
    const last = [...ys].reverse().find((y) => y != null);
    return `${name} ${last == null ? "—" : `${Number(last.toFixed(2))}${unit ? ` ${unit}` : ""}`}`;
  });
  return (
    <figure ref={box} className="min-w-0">
      <figcaption className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="flex flex-wrap gap-3 text-xs text-muted">
          {latest.map((text, i) => (
            <span key={text} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3 rounded" style={{ backgroundColor: seriesColor(i) }} />
              {text}
            </span>
          ))}
        </span>
      </figcaption>
      <div ref={host} role="img" aria-label={`${title} over time; latest: ${latest.join(", ")}`} />
    </figure>
  );
}
