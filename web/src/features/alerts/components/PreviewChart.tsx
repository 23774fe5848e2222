import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkTheme } from "@/lib/use-dark-theme";
import { useElementWidth } from "@/lib/use-element-width";
import type { RulePreview } from "../api/alert-types";
import { formatValue } from "../format";
import { firingBands, previewColumns, thresholdOf } from "../preview-columns";

const SERIES = "#6366f1";
const THRESHOLD = "#e11d48";
const BAND = "rgba(225, 29, 72, 0.14)";

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

interface PreviewChartProps {
  preview: RulePreview;
  /** Times to mark with a vertical line (ms), e.g. when the alert fired. */
  markers?: number[];
  height?: number;
}

/** A rule's series over the preview's hours, its threshold as a dashed line, and the episodes it would have fired shaded. */
export function PreviewChart({ preview, markers = [], height = 200 }: PreviewChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const width = useElementWidth(box);
  const dark = useDarkTheme();
  const columns = previewColumns(preview);
  const bands = firingBands(preview);
  const extra = useRef({ bands, markers });
  const dataRef = useRef(columns);
  useLayoutEffect(() => {
    extra.current = { bands, markers };
    dataRef.current = columns;
  });

  useEffect(() => {
    if (!host.current || width <= 0) return;
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--border"), width: 1 }, ticks: { stroke: cssVar("--border"), width: 1 } };
    const u = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 56 }],
        series: [
          {},
          { label: preview.series, stroke: SERIES, width: 1.5, spanGaps: false, points: { show: false } },
          { label: "threshold", stroke: THRESHOLD, width: 1, dash: [6, 4], points: { show: false } },
        ],
        hooks: {
          drawClear: [
            (p) => {
              const ctx = p.ctx;
              ctx.save();
              ctx.fillStyle = BAND;
              for (const b of extra.current.bands) {
                const x0 = p.valToPos(b.from, "x", true);
                const x1 = p.valToPos(b.to, "x", true);
                ctx.fillRect(x0, p.bbox.top, Math.max(2, x1 - x0), p.bbox.height);
              }
              ctx.strokeStyle = THRESHOLD;
              for (const m of extra.current.markers) {
                const x = p.valToPos(m / 1000, "x", true);
                ctx.beginPath();
                ctx.moveTo(x, p.bbox.top);
                ctx.lineTo(x, p.bbox.top + p.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      },
      dataRef.current as unknown as uPlot.AlignedData,
      host.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [width, dark, height, preview.series]);

  useEffect(() => {
    plot.current?.setData(columns as unknown as uPlot.AlignedData);
  });

  const threshold = thresholdOf(preview.condition);
  const last = [...columns[1]].reverse().find((y) => y != null);
  const label =
    `${preview.series} over the last ${Math.round((preview.to - preview.from) / 3_600_000)} hours; latest ${formatValue(last)}` +
    (threshold != null ? `; threshold ${formatValue(threshold)}` : "") +
    `; would have fired ${bands.length} time${bands.length === 1 ? "" : "s"}`;
  return (
    <figure ref={box} className="min-w-0">
      <figcaption className="mb-1 flex flex-wrap items-center gap-3 text-xs text-muted">
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-0.5 w-3 rounded" style={{ backgroundColor: SERIES }} /> {preview.series}
        </span>
        {threshold != null && (
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-0.5 w-3 rounded border-t border-dashed" style={{ borderColor: THRESHOLD }} /> threshold {formatValue(threshold)}
          </span>
        )}
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-2.5 w-3 rounded-sm" style={{ backgroundColor: BAND }} /> would fire ({bands.length})
        </span>
      </figcaption>
      <div ref={host} role="img" aria-label={label} />
    </figure>
  );
}
