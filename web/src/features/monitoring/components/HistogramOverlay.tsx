import type { FeatureDrift } from "../api/report-types";
import { histogramOverlay } from "../drift";
import { formatShare } from "../format";

const REFERENCE = "#6366f1";
const CURRENT = "#f97316";
const HEIGHT = 160;

/** The reference and current histograms of one feature overlaid on the reference's bins (bars are shares of rows). */
export function HistogramOverlay({ feature, baselineLabel }: { feature: FeatureDrift; baselineLabel: string }) {
  const { bins, max } = histogramOverlay(feature);
  if (bins.length === 0) return <p className="text-sm text-muted">No histogram for {feature.feature}.</p>;
  const slot = 100 / bins.length;
  const scale = (share: number) => (max > 0 ? (share / max) * HEIGHT : 0);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">{feature.feature}</span>
        <span className="flex items-center gap-1 text-xs text-muted">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm opacity-60" style={{ backgroundColor: REFERENCE }} /> {baselineLabel}
        </span>
        <span className="flex items-center gap-1 text-xs text-muted">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-sm opacity-60" style={{ backgroundColor: CURRENT }} /> Current
        </span>
      </figcaption>
      <svg viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" className="h-40 w-full" aria-hidden="true">
        {bins.map((b, i) => (
          <g key={i}>
            <rect x={i * slot + slot * 0.1} width={slot * 0.8} y={HEIGHT - scale(b.reference)} height={scale(b.reference)} fill={REFERENCE} opacity={0.5} />
            <rect x={i * slot + slot * 0.25} width={slot * 0.5} y={HEIGHT - scale(b.current)} height={scale(b.current)} fill={CURRENT} opacity={0.6} />
          </g>
        ))}
      </svg>
      <div className="flex justify-between gap-1 text-[11px] text-muted" aria-hidden="true">
        {bins.map((b, i) => (
          <span key={i} className="min-w-0 flex-1 truncate text-center" title={b.label}>
            {b.label}
          </span>
        ))}
      </div>
      <table className="sr-only">
        <caption>
          Histogram of {feature.feature}: share of rows per bin, {baselineLabel.toLowerCase()} and current
        </caption>
        <thead>
          <tr>
            <th scope="col">Bin</th>
            <th scope="col">{baselineLabel}</th>
            <th scope="col">Current</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b, i) => (
            <tr key={i}>
              <th scope="row">{b.label}</th>
              <td>{formatShare(b.reference)}</td>
              <td>{formatShare(b.current)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
