// The reports' shapes: the OpenAPI file types them loosely (MonitorReport), the server fills them as below.

export interface Quantiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface ServiceTotals {
  revision?: number;
  requests: number;
  errors: number;
  error_rate: number | null;
  cache_hits: number;
  rows: number;
  latency_ms: Quantiles | null;
  batch_rows: Quantiles | null;
  errors_by_code: Record<string, number>;
}

export interface ServiceBucket extends ServiceTotals {
  start: number;
}

export interface ServiceReport {
  from: number;
  to: number;
  resolution: number;
  buckets: ServiceBucket[];
  total: ServiceTotals;
  invalid_fields: Record<string, number>;
}

export interface FeatureDrift {
  feature: string;
  method: string;
  score: number | null;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  error_bound: number | null;
  /** The test could not run (too few values, a kind the reference does not have); `reason` says why. */
  skipped?: boolean;
  reason?: string;
  bins: string[];
  reference_histogram: number[];
  current_histogram: number[];
}

export interface DriftReport {
  from: number;
  to: number;
  rows: number;
  reference_rows: number;
  baseline: "reference" | { from: number; to: number };
  drift_share: number | null;
  share_threshold: number;
  dataset_drifted: boolean;
  drifted_features: number;
  features: FeatureDrift[];
  unmergeable_features: string[];
  /** Features seen as numbers on one side and as labels on the other: named, not tested. */
  incomparable_features?: string[];
}

export interface FeatureQuality {
  feature: string;
  kind: "numeric" | "categorical";
  count: number;
  missing: number;
  missing_share: number | null;
  type_errors: number;
  validation_errors: number;
  out_of_range?: number;
  new_categories?: Record<string, number>;
  /** Estimated distinct values (categorical). */
  distinct?: number | null;
  min?: number | null;
  max?: number | null;
  mean?: number | null;
}

export interface QualityReport {
  from: number;
  to: number;
  rows: number;
  features: FeatureQuality[];
  unknown_features: Record<string, number>;
  buckets: Array<{ start: number; missing_share: Record<string, number | null> }>;
}

export interface PerformanceMetrics {
  records: number;
  labelled: number;
  label_coverage: number | null;
  // classification
  accuracy?: number | null;
  precision?: number | null;
  recall?: number | null;
  f1?: number | null;
  roc_auc?: number | null;
  log_loss?: number | null;
  classes?: string[];
  confusion_matrix?: number[][];
  // regression
  mae?: number | null;
  rmse?: number | null;
  mape?: number | null;
  r2?: number | null;
}

export interface PerformanceReport {
  from: number;
  to: number;
  resolution: number;
  task: "classification" | "regression";
  total: PerformanceMetrics;
  buckets: Array<PerformanceMetrics & { start: number }>;
}

/** Points are [ms, value]. */
export interface SeriesReport {
  from: number;
  to: number;
  series: Record<string, Array<[number, number]>>;
}

/** The tabs whose report can be exported, by the path segment of the report. */
export type ReportKind = "service" | "drift" | "quality" | "performance";
