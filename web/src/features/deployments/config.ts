import type { DeploymentConfig, DeploymentConfigInput } from "./api/deployment-queries";

/** What the deploy form starts with: the server's defaults (api/openapi.yaml, createDeployment). */
export const DEFAULT_CONFIG: DeploymentConfig = {
  runtime: "auto",
  env_manager: "local",
  workers: { min: 1, max: 2 },
  autoscaling: { target_in_flight: 8, scale_down_delay_seconds: 300 },
  batching: { max_batch_size: 32, preferred_batch_sizes: [], max_queue_delay_ms: 5, max_queue_size: 1024 },
  timeout_ms: 30_000,
  max_rows: 10_000,
  cache: { enabled: false, ttl_seconds: 300, max_entries: 10_000 },
  sampling_rate: 1,
  rate_limit: { requests_per_second: 0, burst: 0 },
  env: {},
  secrets: {},
  resources: { cpu: "1", memory: "1Gi" },
};

/** The settings a person edits in the forms (the deploy form and Settings), flat. */
export interface ConfigValues {
  runtime: DeploymentConfig["runtime"];
  envManager: DeploymentConfig["env_manager"];
  minWorkers: number;
  maxWorkers: number;
  maxBatchSize: number;
  maxQueueDelayMs: number;
  timeoutMs: number;
  maxRows: number;
  cacheEnabled: boolean;
  cacheTtlSeconds: number;
  samplingRate: number;
  /** Requests per second across all callers; 0 for no limit. */
  rateLimit: number;
}

export function configValues(c: DeploymentConfig): ConfigValues {
  return {
    runtime: c.runtime,
    envManager: c.env_manager,
    minWorkers: c.workers.min,
    maxWorkers: c.workers.max,
    maxBatchSize: c.batching.max_batch_size,
    maxQueueDelayMs: c.batching.max_queue_delay_ms,
    timeoutMs: c.timeout_ms,
    maxRows: c.max_rows,
    cacheEnabled: c.cache.enabled,
    cacheTtlSeconds: c.cache.ttl_seconds,
    samplingRate: c.sampling_rate,
    rateLimit: c.rate_limit.requests_per_second,
  };
}

export function configInput(v: ConfigValues): DeploymentConfigInput {
  return {
    runtime: v.runtime,
    env_manager: v.envManager,
    workers: { min: v.minWorkers, max: v.maxWorkers },
    batching: { max_batch_size: v.maxBatchSize, max_queue_delay_ms: v.maxQueueDelayMs },
    timeout_ms: v.timeoutMs,
    max_rows: v.maxRows,
    cache: { enabled: v.cacheEnabled, ttl_seconds: v.cacheTtlSeconds },
    sampling_rate: v.samplingRate,
    rate_limit: { requests_per_second: v.rateLimit },
  };
}

/** Only what differs from `current`, so that an unchanged form makes no new revision. */
export function changedConfig(current: DeploymentConfig, v: ConfigValues): DeploymentConfigInput {
  const before = configInput(configValues(current));
  const after = configInput(v);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof DeploymentConfigInput>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = after[key];
  }
  return out as DeploymentConfigInput;
}

/** A problem with the values a person typed, or null; the server checks the same bounds. */
export function configProblem(v: ConfigValues): { field: keyof ConfigValues; message: string } | null {
  const within = (field: keyof ConfigValues, lo: number, hi: number, what: string) => {
    const n = v[field] as number;
    return Number.isInteger(n) && n >= lo && n <= hi ? null : { field, message: `${what} must be a whole number from ${lo} to ${hi}.` };
  };
  return (
    within("minWorkers", 1, 32, "Minimum workers") ??
    within("maxWorkers", 1, 64, "Maximum workers") ??
    (v.maxWorkers < v.minWorkers ? { field: "maxWorkers" as const, message: "Maximum workers must be at least the minimum." } : null) ??
    within("maxBatchSize", 1, 4096, "Batch size") ??
    within("maxQueueDelayMs", 0, 1000, "Queue delay") ??
    within("timeoutMs", 10, 600_000, "Timeout") ??
    within("maxRows", 1, 1_000_000, "Rows per request") ??
    within("cacheTtlSeconds", 1, 86_400, "Cache lifetime") ??
    (Number.isFinite(v.samplingRate) && v.samplingRate >= 0 && v.samplingRate <= 1
      ? null
      : { field: "samplingRate" as const, message: "Sampling must be between 0 and 1." }) ??
    (Number.isFinite(v.rateLimit) && v.rateLimit >= 0 && v.rateLimit <= 100_000
      ? null
      : { field: "rateLimit" as const, message: "The rate limit must be between 0 (none) and 100,000 requests per second." })
  );
}

/** What a configuration starts, a sentence per line: the estimate the deploy form shows. */
export function describeConfig(v: ConfigValues): string[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "es"}`;
  const runtime =
    v.runtime === "auto" ? "the runtime chosen from the model's flavor" : v.runtime === "xgboost" ? "the in-server XGBoost runtime" : "the Python runtime";
  const scale = v.minWorkers === v.maxWorkers ? "" : `, scaling up to ${v.maxWorkers} under load`;
  return [
    `${plural(v.minWorkers, "worker process")} with ${runtime}${scale}.`,
    v.maxBatchSize > 1 ? `Requests are batched: up to ${v.maxBatchSize} rows, waiting at most ${v.maxQueueDelayMs} ms.` : "No batching: each request runs alone.",
    `Each request may take up to ${v.timeoutMs / 1000} s and ${v.maxRows.toLocaleString("en-US")} rows.`,
    v.cacheEnabled ? `Answers are cached for ${v.cacheTtlSeconds} s.` : "No response cache.",
    v.samplingRate === 0
      ? "No request is recorded for monitoring."
      : v.samplingRate === 1
        ? "Every request is recorded for monitoring."
        : `${Math.round(v.samplingRate * 100)}% of requests are recorded for monitoring.`,
    v.rateLimit > 0
      ? `At most ${v.rateLimit.toLocaleString("en-US")} requests per second across all callers; more answer 429.`
      : "No rate limit beyond each API key's.",
  ];
}
