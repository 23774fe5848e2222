import type { components } from "@/lib/api/schema.gen";

type Monitor = components["schemas"]["Monitor"];

/** The monitor `churn` of the deployment `churn` (id d…d), with a reference of two features. */
export function monitor(overrides: Partial<Monitor> = {}): Monitor {
  return {
    id: "m".repeat(32),
    name: "churn",
    deployment_id: "d".repeat(32),
    config: { drift_share: 0.5, method: null, threshold: null, features: {}, ignore: [], window_minutes: 60, evaluation_minutes: 5, task: null },
    reference: { source: "csv", rows: 5000, created_at: 1_700_000_000_000, features: { tenure: "numeric", plan: "categorical" } },
    created_by: "ada@example.com",
    created_at: 0,
    updated_at: 1,
    ...overrides,
  };
}

const quantiles = (p50: number, p99: number) => ({ p50, p90: p99, p95: p99, p99, max: p99 });

export function serviceReport() {
  const bucket = (start: number, requests: number, errors: number) => ({
    start,
    requests,
    errors,
    error_rate: requests ? errors / requests : null,
    cache_hits: 1,
    rows: requests,
    latency_ms: requests ? quantiles(4, 42) : null,
    batch_rows: requests ? quantiles(1, 3) : null,
    errors_by_code: errors ? { internal: errors } : {},
  });
  return {
    from: 1_700_000_000_000,
    to: 1_700_003_600_000,
    resolution: 60,
    buckets: [bucket(1_700_000_000_000, 100, 2), bucket(1_700_000_060_000, 0, 0)],
    total: { ...bucket(0, 100, 2), start: undefined },
    invalid_fields: { tenure: 3 },
  };
}

export function driftReport(overrides: Record<string, unknown> = {}) {
  return {
    from: 1_700_000_000_000,
    to: 1_700_003_600_000,
    rows: 900,
    reference_rows: 5000,
    baseline: "reference",
    drift_share: 0.5,
    share_threshold: 0.5,
    dataset_drifted: true,
    drifted_features: 1,
    features: [
      {
        feature: "plan",
        method: "chisquare",
        score: 0.8,
        p_value: 0.4,
        threshold: 0.05,
        drifted: false,
        error_bound: null,
        bins: ["basic", "pro"],
        reference_histogram: [0.5, 0.5],
        current_histogram: [0.45, 0.55],
      },
      {
        feature: "tenure",
        method: "wasserstein",
        score: 0.31,
        p_value: null,
        threshold: 0.1,
        drifted: true,
        error_bound: 0.01,
        bins: ["<12", "12-24", "≥24"],
        reference_histogram: [0.3, 0.4, 0.3],
        current_histogram: [0.1, 0.2, 0.7],
      },
      {
        feature: "region",
        method: "chisquare",
        score: null,
        p_value: null,
        threshold: 0.05,
        drifted: false,
        error_bound: null,
        skipped: true,
        reason: "no values in the current window",
        bins: [],
        reference_histogram: [],
        current_histogram: [],
      },
    ],
    unmergeable_features: [],
    incomparable_features: ["zip"],
    ...overrides,
  };
}

export function qualityReport() {
  return {
    from: 1_700_000_000_000,
    to: 1_700_003_600_000,
    rows: 900,
    features: [
      {
        feature: "tenure",
        kind: "numeric",
        count: 880,
        missing: 20,
        missing_share: 20 / 900,
        type_errors: 1,
        validation_errors: 0,
        out_of_range: 7,
        min: 0,
        max: 72,
        mean: 30.5,
      },
      {
        feature: "plan",
        kind: "categorical",
        count: 810,
        missing: 90,
        missing_share: 0.1,
        type_errors: 0,
        validation_errors: 2,
        new_categories: { enterprise: 12 },
      },
    ],
    unknown_features: {},
    buckets: [{ start: 1_700_000_000_000, missing_share: { tenure: 0.02, plan: 0.1 } }],
  };
}

export function performanceReport() {
  const metrics = {
    records: 900,
    labelled: 300,
    label_coverage: 1 / 3,
    accuracy: 0.9,
    precision: 0.8,
    recall: 0.75,
    f1: 0.774,
    roc_auc: null,
    log_loss: null,
    classes: ["0", "1"],
    confusion_matrix: [
      [200, 10],
      [20, 70],
    ],
  };
  return {
    from: 1_700_000_000_000,
    to: 1_700_003_600_000,
    resolution: 60,
    task: "classification",
    total: metrics,
    buckets: [{ ...metrics, start: 1_700_000_000_000 }],
  };
}

export function seriesReport() {
  return {
    from: 1_700_000_000_000,
    to: 1_700_003_600_000,
    series: {
      drift_share: [[1_700_000_300_000, 0.5]],
      "drift_score:tenure": [
        [1_700_000_300_000, 0.05],
        [1_700_000_600_000, 0.31],
      ],
      "drifted:tenure": [
        [1_700_000_300_000, 0],
        [1_700_000_600_000, 1],
      ],
    },
  };
}
