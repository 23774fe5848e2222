import type { components } from "@/lib/api/schema.gen";
import type { Organization } from "@/lib/api/types";

type Deployment = components["schemas"]["Deployment"];

export const org = (role = "developer") => ({ id: "o1", slug: "acme", name: "Acme", role, created_at: 0, updated_at: 0 }) as unknown as Organization;

export const config: Deployment["config"] = {
  runtime: "auto",
  env_manager: "local",
  workers: { min: 1, max: 2 },
  autoscaling: { target_in_flight: 8, scale_down_delay_seconds: 300 },
  batching: { max_batch_size: 32, preferred_batch_sizes: [], max_queue_delay_ms: 5, max_queue_size: 1024 },
  timeout_ms: 30000,
  max_rows: 10000,
  cache: { enabled: false, ttl_seconds: 300, max_entries: 10000 },
  sampling_rate: 1,
  rate_limit: { requests_per_second: 0, burst: 0 },
  env: {},
  secrets: {},
  resources: { cpu: "1", memory: "1Gi" },
};

/** A healthy deployment `churn` of churn-classifier@champion (v4) at revision 3 in staging. */
export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: "d".repeat(32),
    name: "churn",
    environment: "staging",
    endpoint_name: "churn-model-churn",
    target: "local",
    source: { model: "churn-classifier", alias: "champion" },
    model_version: 4,
    revision: 3,
    config,
    traffic: { routes: [{ revision: 3, weight: 100 }], shadow: null },
    status: { state: "healthy", reason: "", since: 0, workers: [{ index: 0, pid: 4242, state: "ready", restarts: 0, started_at: 0, reason: "" }] },
    urls: {
      invocations: "https://cairn.example.com/api/v1/orgs/acme/projects/churn-model/deployments/churn/invocations",
      v2_infer: "https://cairn.example.com/v2/models/churn-model-churn/infer",
    },
    created_by: "ada@example.com",
    created_at: 0,
    updated_at: 0,
    ...overrides,
  };
}

export const environments = [
  { name: "development", tier: "development", description: "", deployment_count: 0, created_at: 0 },
  { name: "staging", tier: "staging", description: "Pre-production", deployment_count: 1, created_at: 0 },
  { name: "production", tier: "production", description: "", deployment_count: 0, created_at: 0 },
];

export const revisions = [3, 2, 1].map((n) => ({
  number: n,
  model: "churn-classifier",
  version: n + 1,
  config,
  reason: n === 1 ? "created" : "alias champion moved",
  created_by: "ada@example.com",
  created_at: n * 1000,
}));
