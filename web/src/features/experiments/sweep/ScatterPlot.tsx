import { formatMetric } from "../charts/chart-data";
import { rampColor } from "./ParallelCoordinates";
import { scaler, type SweepAxis } from "./sweep-data";

interface ScatterPlotProps {
  x: SweepAxis;
  y: SweepAxis;
  /** Colours the points (the chosen metric). */
  color: SweepAxis;
  names: string[];
}

const W = 520;
const H = 300;
const PAD = 44;

/** Any two params or metrics against each other, a point per run (hover for its name and values). */
export function ScatterPlot({ x, y, color, names }: ScatterPlotProps) {
  const sx = scaler(x.values);
  const sy = scaler(y.values);
  const sc = scaler(color.values);
  const label = (a: SweepAxis, v: number) => (a.labels ? (a.labels[v] ?? "") : formatMetric(v));
  const ends = (a: SweepAxis) => {
    const present = a.values.filter((v): v is number => v !== null);
    return [Math.min(...present), Math.max(...present)] as const;
  };
  const [x0, x1] = ends(x);
  const [y0, y1] = ends(y);
  return (
    // Focusable: a region that scrolls must be reachable by keyboard.
    <div className="overflow-x-auto" tabIndex={0} role="group" aria-label="Scatter plot">
      <svg width={W} height={H} role="img" aria-label={`Scatter of ${y.key} against ${x.key}`} className="text-muted">
        <line x1={PAD} x2={W - 10} y1={H - PAD} y2={H - PAD} stroke="currentColor" />
        <line x1={PAD} x2={PAD} y1={10} y2={H - PAD} stroke="currentColor" />
        <text x={(W + PAD) / 2} y={H - 8} textAnchor="middle" className="fill-current font-mono text-[11px]">
          {x.key}
        </text>
        <text x={12} y={(H - PAD) / 2} textAnchor="middle" transform={`rotate(-90 12 ${(H - PAD) / 2})`} className="fill-current font-mono text-[11px]">
          {y.key}
        </text>
        <text x={PAD} y={H - PAD + 14} className="fill-current text-[10px]">
          {label(x, x0)}
        </text>
        <text x={W - 10} y={H - PAD + 14} textAnchor="end" className="fill-current text-[10px]">
          {label(x, x1)}
        </text>
        <text x={PAD - 4} y={H - PAD} textAnchor="end" className="fill-current text-[10px]">
          {label(y, y0)}
        </text>
        <text x={PAD - 4} y={16} textAnchor="end" className="fill-current text-[10px]">
          {label(y, y1)}
        </text>
        {x.values.map((xv, r) => {
          const yv = y.values[r];
          if (xv == null || yv == null) return null;
          const c = color.values[r];
          return (
            <circle
              key={r}
              cx={PAD + 6 + sx(xv) * (W - PAD - 22)}
              cy={H - PAD - 6 - sy(yv) * (H - PAD - 22)}
              r={4}
              fill={c == null ? "var(--muted)" : rampColor(sc(c))}
              fillOpacity={0.8}
            >
              <title>{`${names[r]}: ${x.key}=${label(x, xv)}, ${y.key}=${label(y, yv)}`}</title>
            </circle>
          );
        })}
      </svg>
    </div>
  );
}
