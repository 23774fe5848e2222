import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkTheme } from "@/lib/use-dark-theme";
import { useElementWidth } from "@/lib/use-element-width";
import type { Columns } from "../stats";

const COLORS = ["var(--accent)", "#f59e0b", "#10b981"];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function colorOf(i: number): string {
  const c = COLORS[i % COLORS.length]!;
  return c.startsWith("var(") ? cssVar(c.slice(4, -1)) || "#4f46e5" : c;
}

/** A small uPlot line chart over time; the latest values are also written out for screen readers. */
export function TimeSeriesChart({ title, series, data, unit }: { title: string; series: string[]; data: Columns; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const width = useElementWidth(box);
  const dark = useDarkTheme();
  const names = series.join("\u0000");

  useEffect(() => {
    if (!host.current || width <= 0) return;
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--border"), width: 1 }, ticks: { stroke: cssVar("--border"), width: 1 } };
    const u = new uPlot(
      {
        width,
        height: 160,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        axes: [axis, { ...axis, size: 50 }],
        series: [{}, ...names.split("\u0000").map((label, i) => ({ label, stroke: colorOf(i), width: 1.5, spanGaps: false, points: { show: false } }))],
      },
      dataRef.current as uPlot.AlignedData,
      host.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [width, dark, names]);

  useEffect(() => {
    dataRef.current = data;
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  const latest = series.map((name, i) => {
    const ys = data[i + 1] ?? [];
    const last = [...ys].reverse().find((y) => y != null);
    return `${name} ${last == null ? "—" : `${Number(last.toFixed(2))} ${unit}`}`;
  });
  return (
    <figure ref={box} className="min-w-0">
      <figcaption className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="flex gap-3 text-xs text-muted">
          {latest.map((text, i) => (
            <span key={text} className="flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3 rounded" style={{ backgroundColor: colorOf(i) }} />
              {text}
            </span>
          ))}
        </span>
      </figcaption>
      <div ref={host} role="img" aria-label={`${title} over time; latest: ${latest.join(", ")}`} />
    </figure>
  );
}
