import { formatMetric } from "../charts/chart-data";
import type { MetricValue } from "../api/run-queries";
import { barFractions } from "../charts/single-value";

interface SingleValueBarsProps {
  label: string;
  values: Array<MetricValue | null>;
  names: string[];
  colors: string[];
  hidden: ReadonlySet<number>;
  onHover: (run: number | null) => void;
  /** Bars shown; the best are kept (highest first). */
  limit?: number;
  /** What a bar stands for: a run, or a group of runs (then `names` and `colors` are the groups'). */
  noun?: "run" | "group";
  /** A muted note after each value (a group's min–max). */
  notes?: Array<string | undefined>;
}

/** A metric logged once per run as bars across runs, highest first (a line of one point would be an empty frame). */
export function SingleValueBars({ label, values, names, colors, hidden, onHover, limit = 12, noun = "run", notes }: SingleValueBarsProps) {
  const rows = values
    .map((v, i) => ({ v, i }))
    .filter((r) => r.v !== null && !hidden.has(r.i))
    .sort((a, b) => (typeof b.v === "number" ? b.v : -Infinity) - (typeof a.v === "number" ? a.v : -Infinity));
  const shown = rows.slice(0, limit);
  const fractions = barFractions(shown.map((r) => r.v));
  return (
    <div>
      <ul aria-label={`${label} by ${noun}`} className="flex flex-col gap-1 py-1" onMouseLeave={() => onHover(null)}>
        {shown.map((r, k) => (
          <li key={r.i} className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)_auto] items-center gap-2 text-xs" onMouseEnter={() => onHover(r.i)}>
            <span className="truncate" title={names[r.i]}>
              {names[r.i]}
            </span>
            <span aria-hidden="true" className="h-2.5 rounded-sm bg-subtle">
              <span className="block h-full rounded-sm" style={{ width: `${fractions[k]! * 100}%`, backgroundColor: colors[r.i] }} />
            </span>
            <span className="font-mono whitespace-nowrap tabular-nums">
              {formatMetric(r.v)}
              {notes?.[r.i] && <span className="ml-1 font-sans text-muted">{notes[r.i]}</span>}
            </span>
          </li>
        ))}
      </ul>
      {rows.length > limit && <p className="text-xs text-muted">and {rows.length - limit} more {noun}s</p>}
    </div>
  );
}
