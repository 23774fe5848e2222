import type { Columns } from "@/lib/time-columns";
import type { DeploymentStats } from "./api/deployment-queries";

/** The charts of the Metrics tab from one stats answer. */
export function statsColumns(s: DeploymentStats): { rate: Columns; latency: Columns; errors: Columns; batch: Columns } {
  const x = s.buckets.map((b) => Math.round(b.at / 1000));
  return {
    rate: [x, s.buckets.map((b) => b.requests / s.bucket_seconds)],
    latency: [x, s.buckets.map((b) => b.p50_ms), s.buckets.map((b) => b.p99_ms)],
    errors: [x, s.buckets.map((b) => b.errors)],
    batch: [x, s.buckets.map((b) => b.mean_batch_size)],
  };
}
