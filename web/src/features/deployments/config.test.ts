import { describe, expect, it } from "vitest";
import { config } from "../../../test/deployment-fixtures";
import { DEFAULT_CONFIG, changedConfig, configProblem, configValues, describeConfig } from "./config";

describe("deployment config", () => {
  it("starts with the promised defaults: 1 to 2 workers, batches of 32 or 5 ms, 30 s, 10,000 rows, no cache, every request sampled", () => {
    expect(configValues(DEFAULT_CONFIG)).toEqual({
      runtime: "auto",
      envManager: "local",
      minWorkers: 1,
      maxWorkers: 2,
      maxBatchSize: 32,
      maxQueueDelayMs: 5,
      timeoutMs: 30000,
      maxRows: 10000,
      cacheEnabled: false,
      cacheTtlSeconds: 300,
      samplingRate: 1,
      rateLimit: 0,
    });
  });

  it("sends only what changed, so an untouched form makes no revision", () => {
    const v = configValues(config);
    expect(changedConfig(config, v)).toEqual({});
    expect(changedConfig(config, { ...v, maxBatchSize: 64 })).toEqual({ batching: { max_batch_size: 64, max_queue_delay_ms: 5 } });
  });

  it("rejects more minimum than maximum workers and out-of-range values, naming the field", () => {
    const v = configValues(config);
    expect(configProblem(v)).toBeNull();
    expect(configProblem({ ...v, minWorkers: 4, maxWorkers: 2 })).toEqual({ field: "maxWorkers", message: "Maximum workers must be at least the minimum." });
    expect(configProblem({ ...v, samplingRate: 1.5 })?.field).toBe("samplingRate");
    expect(configProblem({ ...v, maxBatchSize: 0 })?.field).toBe("maxBatchSize");
    expect(configProblem({ ...v, rateLimit: -1 })?.field).toBe("rateLimit");
    expect(configProblem({ ...v, rateLimit: 2500.5 })).toBeNull();
  });

  it("says what a configuration starts", () => {
    const lines = describeConfig({ ...configValues(config), cacheEnabled: true, samplingRate: 0.25 });
    expect(lines).toEqual([
      "1 worker process with the runtime chosen from the model's flavor, scaling up to 2 under load.",
      "Requests are batched: up to 32 rows, waiting at most 5 ms.",
      "Each request may take up to 30 s and 10,000 rows.",
      "Answers are cached for 300 s.",
      "25% of requests are recorded for monitoring.",
      "No rate limit beyond each API key's.",
    ]);
    expect(describeConfig({ ...configValues(config), rateLimit: 5000 }).at(-1)).toBe(
      "At most 5,000 requests per second across all callers; more answer 429.",
    );
  });
});
