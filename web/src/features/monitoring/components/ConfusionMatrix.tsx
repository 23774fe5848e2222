import { formatCount } from "../format";

/** Rows are the true classes, columns the predicted ones; the diagonal (right answers) is tinted. */
export function ConfusionMatrix({ classes, matrix }: { classes: string[]; matrix: number[][] }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <div className="overflow-x-auto">
      <table aria-label="Confusion matrix" className="border-collapse text-sm">
        <thead>
          <tr>
            <th scope="col" className="px-3 py-1 text-left text-xs font-medium text-muted">
              True \ predicted
            </th>
            {classes.map((c) => (
              <th key={c} scope="col" className="px-3 py-1 text-right font-mono text-xs font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((truth, i) => (
            <tr key={truth}>
              <th scope="row" className="px-3 py-1 text-left font-mono text-xs font-medium">
                {truth}
              </th>
              {classes.map((predicted, j) => {
                const n = matrix[i]?.[j] ?? 0;
                return (
                  <td key={predicted} className="relative border border-border px-3 py-1 text-right tabular-nums">
                    <span
                      aria-hidden="true"
                      className="absolute inset-0"
                      style={{ backgroundColor: i === j ? "var(--success)" : "var(--danger)", opacity: n === 0 ? 0 : 0.08 + 0.3 * (n / max) }}
                    />
                    <span className="relative">{formatCount(n)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
