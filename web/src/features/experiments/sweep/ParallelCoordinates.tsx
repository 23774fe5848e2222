import { useRef, useState } from "react";
import { useElementWidth } from "@/lib/use-element-width";
import { formatMetric } from "../charts/chart-data";
import { scaler, type SweepAxis } from "./sweep-data";

interface ParallelCoordinatesProps {
  axes: SweepAxis[];
  /** The metric the lines are coloured by (the last axis). */
  metric: SweepAxis;
  names: string[];
}

const HEIGHT = 260;
const PAD_TOP = 28;
const PAD_BOTTOM = 24;
const PLOT = HEIGHT - PAD_TOP - PAD_BOTTOM;

/** Low metric values blue, high ones yellow-green: a perceptual ramp in OKLCH (viridis' ends). */
export function rampColor(t: number): string {
  const hue = 265 - 150 * Math.min(1, Math.max(0, t));
  return `oklch(${(0.45 + 0.4 * t).toFixed(3)} 0.15 ${hue.toFixed(1)})`;
}

type Brush = { from: number; to: number };

/**
 * Params → metric as parallel axes (SVG: a few hundred polylines), one line per run coloured by the
 * metric. Drag along an axis to brush a range: runs outside every brushed range fade out, so the
 * params of the best runs stand out; a click without a drag clears that axis' brush.
 */
export function ParallelCoordinates({ axes, metric, names }: ParallelCoordinatesProps) {
  const all = [...axes.filter((a) => a.id !== metric.id), metric];
  const [brushes, setBrushes] = useState<Record<string, Brush>>({});
  const [drag, setDrag] = useState<{ axis: string; start: number; now: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(480, all.length * 110, useElementWidth(box));
  const x = (i: number) => 70 + (i * (width - 140)) / Math.max(1, all.length - 1);
  const scales = all.map((a) => scaler(a.values));
  const colorOf = scaler(metric.values);
  const runCount = metric.values.length;
  const inBrush = (r: number) =>
    all.every((a, i) => {
      const b = brushes[a.id];
      const v = a.values[r];
      if (!b) return true;
      if (v == null) return false;
      const t = 1 - scales[i]!(v);
      return t >= Math.min(b.from, b.to) && t <= Math.max(b.from, b.to);
    });
  const kept = Array.from({ length: runCount }, (_, r) => inBrush(r));
  const keptCount = kept.filter(Boolean).length;
  const fraction = (e: React.PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return Math.min(1, Math.max(0, (e.clientY - box.top) / box.height));
  };

  return (
    <div>
      <p className="mb-1 text-xs text-muted" aria-live="polite">
        {Object.keys(brushes).length > 0 ? `${keptCount} of ${runCount} runs in the brushed ranges` : "Drag along an axis to keep a range of runs."}
      </p>
      {/* Focusable: a region that scrolls must be reachable by keyboard. */}
      <div ref={box} className="overflow-x-auto" tabIndex={0} role="group" aria-label="Parallel coordinates">
        <svg width={width} height={HEIGHT} role="img" aria-label={`Parallel coordinates of ${all.map((a) => a.key).join(", ")}`} className="text-muted">
          {Array.from({ length: runCount }, (_, r) => {
            const points = all.flatMap((a, i) => {
              const v = a.values[r];
              return v == null ? [] : [`${x(i)},${PAD_TOP + (1 - scales[i]!(v)) * PLOT}`];
            });
            const m = metric.values[r];
            if (points.length < 2) return null;
            return (
              <polyline
                key={r}
                points={points.join(" ")}
                fill="none"
                stroke={m == null ? "var(--muted)" : rampColor(colorOf(m))}
                strokeWidth={kept[r] ? 1.4 : 1}
                strokeOpacity={kept[r] ? 0.85 : 0.07}
              >
                <title>{names[r]}</title>
              </polyline>
            );
          })}
          {all.map((a, i) => {
            const present = a.values.filter((v): v is number => v !== null);
            const lo = Math.min(...present);
            const hi = Math.max(...present);
            const label = (v: number) => (a.labels ? (a.labels[v] ?? "") : formatMetric(v));
            const b = brushes[a.id] ?? (drag?.axis === a.id ? { from: drag.start, to: drag.now } : null);
            return (
              <g key={a.id}>
                <line x1={x(i)} x2={x(i)} y1={PAD_TOP} y2={PAD_TOP + PLOT} stroke="currentColor" />
                <text x={x(i)} y={14} textAnchor="middle" className="fill-current font-mono text-[11px]">
                  {a.key}
                </text>
                <text x={x(i) + 4} y={PAD_TOP + 4} className="fill-current text-[10px]">
                  {label(hi)}
                </text>
                <text x={x(i) + 4} y={PAD_TOP + PLOT} className="fill-current text-[10px]">
                  {label(lo)}
                </text>
                {b && (
                  <rect
                    x={x(i) - 6}
                    width={12}
                    y={PAD_TOP + Math.min(b.from, b.to) * PLOT}
                    height={Math.abs(b.to - b.from) * PLOT}
                    fill="var(--accent)"
                    fillOpacity={0.25}
                  />
                )}
                <rect
                  x={x(i) - 10}
                  width={20}
                  y={PAD_TOP}
                  height={PLOT}
                  fill="transparent"
                  className="cursor-ns-resize"
                  data-axis={a.id}
                  onPointerDown={(e) => {
                    e.currentTarget.setPointerCapture(e.pointerId);
                    const f = fraction(e);
                    setDrag({ axis: a.id, start: f, now: f });
                  }}
                  onPointerMove={(e) => drag?.axis === a.id && setDrag({ ...drag, now: fraction(e) })}
                  onPointerUp={() => {
                    if (!drag) return;
                    const next = { ...brushes };
                    if (Math.abs(drag.now - drag.start) < 0.02) delete next[a.id];
                    else next[a.id] = { from: drag.start, to: drag.now };
                    setBrushes(next);
                    setDrag(null);
                  }}
                />
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
