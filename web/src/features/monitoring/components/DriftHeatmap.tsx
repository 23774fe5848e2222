import { QueryBoundary } from "@/components/QueryBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { useSeries, type MonitorRef } from "../api/monitor-queries";
import { heatIntensity, heatmapMatrix } from "../drift";
import { formatMetric } from "../format";
import type { TimeRange } from "../time-range";

const time = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** Drift scores of every feature over time, from the evaluation job's series; drifted cells in red, each row on its own scale. */
export function DriftHeatmap({ monitorRef, range }: { monitorRef: MonitorRef; range: TimeRange }) {
  // One call for drift_score:* and drifted:* (and the dataset series, which the matrix leaves out).
  const series = useSeries(monitorRef, range, "drift*");
  return (
    <QueryBoundary query={series} loading={<Skeleton className="h-32" />} errorTitle="Could not load the drift history">
      {(s) => {
        const h = heatmapMatrix(s.series);
        if (h.features.length === 0)
          return (
            <p className="text-sm text-muted">
              No evaluations in this range yet: the evaluation job stores drift scores every few minutes once the monitor has a reference and traffic.
            </p>
          );
        return (
          <div className="flex flex-col gap-1">
            <div className="overflow-x-auto">
              <table aria-label="Drift score by feature over time" className="border-separate border-spacing-px text-xs">
                <thead>
                  <tr>
                    <th scope="col" className="sr-only">
                      Feature
                    </th>
                    {h.times.map((t) => (
                      <th key={t} scope="col" className="sr-only">
                        {formatDateTime(t)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {h.features.map((feature, row) => (
                    <tr key={feature}>
                      <th scope="row" className="pr-2 text-left font-mono font-normal whitespace-nowrap">
                        {feature}
                      </th>
                      {h.scores[row]!.map((score, col) => {
                        const intensity = heatIntensity(score, h.ranges[row]!);
                        const drifted = h.drifted[row]![col]!;
                        const label = `${feature} at ${time.format(h.times[col]!)}: ${score == null ? "no score" : formatMetric(score)}${drifted ? ", drifted" : ""}`;
                        return (
                          <td
                            key={col}
                            title={label}
                            aria-label={label}
                            className="h-5 min-w-2 rounded-[2px] bg-subtle p-0"
                            style={
                              intensity == null
                                ? undefined
                                : { backgroundColor: drifted ? "var(--danger)" : "var(--accent)", opacity: drifted ? 0.9 : 0.15 + 0.75 * intensity }
                            }
                          />
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="flex justify-between text-xs text-muted" aria-hidden="true">
              <span>{time.format(h.times[0]!)}</span>
              <span>{time.format(h.times[h.times.length - 1]!)}</span>
            </p>
          </div>
        );
      }}
    </QueryBoundary>
  );
}
