import type { PerformanceReport, QualityReport, ServiceBucket, ServiceReport } from "./api/report-types";

import type { Columns } from "@/lib/time-columns";

const seconds = (ms: number) => Math.round(ms / 1000);

/** The Service tab's charts from one report. */
export function serviceColumns(r: ServiceReport): {
  requests: Columns;
  latency: Columns;
  errors: Columns;
  errorRate: Columns;
  batch: Columns;
  cacheHits: Columns;
} {
  const b = r.buckets;
  const x = b.map((bucket) => seconds(bucket.start));
  return {
    requests: [x, b.map((bucket) => bucket.requests)],
    latency: [
      x,
      b.map((bucket) => bucket.latency_ms?.p50 ?? null),
      b.map((bucket) => bucket.latency_ms?.p95 ?? null),
      b.map((bucket) => bucket.latency_ms?.p99 ?? null),
    ],
    errors: [x, b.map((bucket) => bucket.errors)],
    // A percentage, so the axis reads as one.
    errorRate: [x, b.map((bucket) => (bucket.error_rate == null ? null : bucket.error_rate * 100))],
    batch: [x, b.map((bucket) => bucket.batch_rows?.p50 ?? null), b.map((bucket) => bucket.batch_rows?.max ?? null)],
    cacheHits: [x, b.map((bucket) => bucket.cache_hits)],
  };
}

/**
 * A report split by revision (`group_by=revision`) as one series per revision: the revisions in order
 * and, per bucket start, each revision's value of `pick` (null where that revision took no traffic).
 */
export function revisionColumns(r: ServiceReport, pick: (bucket: ServiceBucket) => number | null): { revisions: number[]; columns: Columns } {
  const revisions = [...new Set(r.buckets.map((b) => b.revision ?? 0))].sort((a, b) => a - b);
  const starts = [...new Set(r.buckets.map((b) => b.start))].sort((a, b) => a - b);
  const at = new Map(r.buckets.map((b) => [`${b.start}/${b.revision ?? 0}`, b]));
  const ys = revisions.map((rev) =>
    starts.map((start) => {
      const bucket = at.get(`${start}/${rev}`);
      return bucket ? pick(bucket) : null;
    }),
  );
  return { revisions, columns: [starts.map(seconds), ...ys] };
}

/** Requests per revision over the whole range (sums of the buckets). */
export function requestsByRevision(r: ServiceReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of r.buckets) out[`revision ${b.revision ?? 0}`] = (out[`revision ${b.revision ?? 0}`] ?? 0) + b.requests;
  return out;
}

/** Each feature's missing share (as a percentage) per bucket, features by name; at most `limit` features, the worst ones. */
export function missingShareColumns(r: QualityReport, limit = 8): { names: string[]; columns: Columns } {
  const worst = new Map<string, number>();
  for (const bucket of r.buckets)
    for (const [feature, share] of Object.entries(bucket.missing_share)) worst.set(feature, Math.max(worst.get(feature) ?? 0, share ?? 0));
  const names = [...worst.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([f]) => f)
    .sort((a, b) => a.localeCompare(b));
  const x = r.buckets.map((bucket) => seconds(bucket.start));
  const ys = names.map((f) =>
    r.buckets.map((bucket) => {
      const share = bucket.missing_share[f];
      return share == null ? null : share * 100;
    }),
  );
  return { names, columns: [x, ...ys] };
}

/** The metrics the Performance tab charts for a task. */
export function performanceMetricNames(task: PerformanceReport["task"]): Array<"accuracy" | "precision" | "recall" | "f1" | "roc_auc" | "mae" | "rmse" | "r2"> {
  return task === "regression" ? ["mae", "rmse", "r2"] : ["accuracy", "precision", "recall", "f1", "roc_auc"];
}

/** Per bucket: the task's metrics (one series each) and the label coverage as a percentage. */
export function performanceColumns(r: PerformanceReport): { metrics: Columns; coverage: Columns } {
  const x = r.buckets.map((bucket) => seconds(bucket.start));
  const metrics = performanceMetricNames(r.task).map((name) => r.buckets.map((bucket) => bucket[name] ?? null));
  return {
    metrics: [x, ...metrics],
    coverage: [x, r.buckets.map((bucket) => (bucket.label_coverage == null ? null : bucket.label_coverage * 100))],
  };
}

/** The worst missing share over the range (the overview's data-quality figure), null without rows. */
export function worstMissingShare(r: QualityReport): { feature: string; share: number } | null {
  let worst: { feature: string; share: number } | null = null;
  for (const f of r.features)
    if (f.missing_share != null && (worst === null || f.missing_share > worst.share)) worst = { feature: f.feature, share: f.missing_share };
  return worst;
}

