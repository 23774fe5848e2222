import type { MetricValue } from "../api/run-queries";
import { formatMetric } from "./chart-data";
import { seriesColor } from "./series-colors";
import { barFractions } from "./single-value";

interface MetricValuesProps {
  label: string;
  /** One per run, in the order of seriesNames; null where a run did not log the metric. */
  values: Array<MetricValue | null>;
  seriesNames: string[];
}

/**
 * A metric logged once per run (a final score): a line chart of one point is an empty frame, so
 * one run's value is shown as a number and several runs' values as bars from zero.
 */
export function MetricValues({ label, values, seriesNames }: MetricValuesProps) {
  if (values.length === 1) {
    return <p className="py-6 text-center font-mono text-3xl tabular-nums">{formatMetric(values[0])}</p>;
  }
  const fractions = barFractions(values);
  return (
    <ul aria-label={`${label} by run`} className="flex flex-col gap-2 py-2">
      {seriesNames.map((name, i) => (
        <li key={`${name}-${i}`} className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)_auto] items-center gap-3 text-sm">
          <span className="truncate" title={name}>
            {name}
          </span>
          <span aria-hidden="true" className="h-3 rounded-sm bg-subtle">
            <span className="block h-full rounded-sm" style={{ width: `${fractions[i]! * 100}%`, backgroundColor: seriesColor(i) }} />
          </span>
          <span className="font-mono text-xs whitespace-nowrap tabular-nums">{formatMetric(values[i] ?? null)}</span>
        </li>
      ))}
    </ul>
  );
}
