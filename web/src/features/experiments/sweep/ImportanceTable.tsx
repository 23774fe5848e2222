import type { Importance } from "./sweep-data";

/** Params by how strongly they go with the metric: Spearman's correlation as a signed bar. */
export function ImportanceTable({ importance, metricKey }: { importance: Importance[]; metricKey: string }) {
  if (importance.length === 0) return <p className="text-sm text-muted">No param varies with {metricKey} across three or more runs.</p>;
  return (
    <table aria-label={`Parameter importance for ${metricKey}`} className="w-full text-left text-sm">
      <thead>
        <tr className="text-xs text-muted">
          <th scope="col" className="py-1 font-medium">
            Parameter
          </th>
          <th scope="col" className="py-1 font-medium">
            Correlation with {metricKey}
          </th>
        </tr>
      </thead>
      <tbody>
        {importance.map(({ axis, correlation }) => (
          <tr key={axis.id} className="border-t border-border">
            <td className="py-1 pr-3 font-mono text-xs whitespace-nowrap">{axis.key}</td>
            <td className="py-1">
              <span className="flex items-center gap-2">
                {/* A bar from the middle: right for positive, left for negative. */}
                <span aria-hidden="true" className="relative h-2.5 w-40 rounded-sm bg-subtle">
                  <span
                    className={correlation >= 0 ? "absolute left-1/2 h-full rounded-sm bg-emerald-500" : "absolute right-1/2 h-full rounded-sm bg-rose-500"}
                    style={{ width: `${Math.abs(correlation) * 50}%` }}
                  />
                </span>
                <span className="font-mono text-xs tabular-nums">{correlation.toFixed(2)}</span>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
