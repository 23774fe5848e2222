import type { FeatureDrift } from "./api/report-types";
import { isPValueMethod } from "./format";

/**
 * How far a feature is from its threshold, comparable across tests: above 1 is drift. A p-value
 * drifts below its threshold (threshold / p), a distance at or above it (score / threshold).
 */
export function driftSeverity(f: FeatureDrift): number {
  if (isPValueMethod(f.method)) {
    const p = f.p_value ?? f.score;
    if (p == null) return 0;
    return p <= 0 ? Number.POSITIVE_INFINITY : f.threshold / p;
  }
  if (f.score == null || f.threshold <= 0) return 0;
  return f.score / f.threshold;
}

/** Drifted features first, then by how close each is to drifting; names break ties. */
export function sortByDrift(features: FeatureDrift[]): FeatureDrift[] {
  return [...features].sort((a, b) => Number(b.drifted) - Number(a.drifted) || driftSeverity(b) - driftSeverity(a) || a.feature.localeCompare(b.feature));
}

/** One bin of the overlaid histograms: its label and the share of each side in it. */
export interface HistogramBin {
  label: string;
  reference: number;
  current: number;
}

/** The bins of a feature with both shares (a missing share is 0), and the largest share to scale bars by. */
export function histogramOverlay(f: Pick<FeatureDrift, "bins" | "reference_histogram" | "current_histogram">): { bins: HistogramBin[]; max: number } {
  const n = Math.max(f.bins.length, f.reference_histogram.length, f.current_histogram.length);
  const bins: HistogramBin[] = [];
  for (let i = 0; i < n; i++) {
    bins.push({ label: f.bins[i] ?? `bin ${i + 1}`, reference: f.reference_histogram[i] ?? 0, current: f.current_histogram[i] ?? 0 });
  }
  const max = bins.reduce((m, b) => Math.max(m, b.reference, b.current), 0);
  return { bins, max };
}

/** A features × time matrix of drift scores; null where a feature has no point in a column. */
export interface Heatmap {
  features: string[];
  /** Each column's start, ms. */
  times: number[];
  /** scores[feature][column] */
  scores: Array<Array<number | null>>;
  /** drifted[feature][column]: the evaluation judged the feature drifted there. */
  drifted: boolean[][];
  /** Each feature's lowest and highest score, to colour its row on its own scale (tests differ in scale). */
  ranges: Array<[number, number]>;
}

const SCORE_PREFIX = "drift_score:";
const DRIFTED_PREFIX = "drifted:";

function byFeature(series: Record<string, Array<[number, number]>>, prefix: string): Map<string, Array<[number, number]>> {
  return new Map(
    Object.entries(series)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, points]) => [name.slice(prefix.length), points]),
  );
}

/**
 * The heatmap of the evaluation job's `drift_score:<feature>` and `drifted:<feature>` series: a row
 * per feature (by name), a column per evaluation time. Beyond `maxColumns` times, neighbouring
 * times share a column holding their largest score (drifted if any of them was).
 */
export function heatmapMatrix(series: Record<string, Array<[number, number]>>, maxColumns = 96): Heatmap {
  const scores = byFeature(series, SCORE_PREFIX);
  const flags = byFeature(series, DRIFTED_PREFIX);
  const features = [...new Set([...scores.keys(), ...flags.keys()])].sort((a, b) => a.localeCompare(b));
  const allTimes = [...new Set([...scores.values(), ...flags.values()].flatMap((points) => points.map(([at]) => at)))].sort((a, b) => a - b);
  const per = Math.max(1, Math.ceil(allTimes.length / maxColumns));
  const times = allTimes.filter((_, i) => i % per === 0);
  const column = new Map(allTimes.map((at, i) => [at, Math.floor(i / per)]));
  const scoreRows = features.map((f) => {
    const row: Array<number | null> = times.map(() => null);
    for (const [at, value] of scores.get(f) ?? []) {
      if (!Number.isFinite(value)) continue;
      const c = column.get(at)!;
      const prev = row[c];
      row[c] = prev == null ? value : Math.max(prev, value);
    }
    return row;
  });
  const driftedRows = features.map((f) => {
    const row = times.map(() => false);
    for (const [at, value] of flags.get(f) ?? []) if (value > 0) row[column.get(at)!] = true;
    return row;
  });
  const ranges = scoreRows.map((row): [number, number] => {
    const present = row.filter((v): v is number => v != null);
    return present.length ? [Math.min(...present), Math.max(...present)] : [0, 0];
  });
  return { features, times, scores: scoreRows, drifted: driftedRows, ranges };
}

/** A cell's colour intensity from 0 to 1 within its row's range (null: no data; a flat row is mid-way). */
export function heatIntensity(value: number | null, [min, max]: [number, number]): number | null {
  if (value == null) return null;
  if (max <= min) return 0.5;
  return (value - min) / (max - min);
}
