import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { TimeChart } from "@/components/charts/TimeChart";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { Select } from "@/components/ui/Input";
import { formatNumber } from "@/lib/format";
import { useDeploymentStats, type DeploymentRef } from "../api/deployment-queries";
import { formatMs, formatRate } from "../format";
import { statsColumns } from "../stats";

const WINDOWS: Array<[number, string]> = [
  [300, "5 minutes"],
  [3600, "1 hour"],
  [86400, "24 hours"],
];

/** Live charts of a deployment's traffic (refreshed every 10 s): requests, latency, errors, batch size. */
export function MetricsPanel({ deploymentRef }: { deploymentRef: DeploymentRef }) {
  const [windowSeconds, setWindow] = useState(300);
  const stats = useDeploymentStats(deploymentRef, windowSeconds);
  return (
    <Card>
      <CardHeader
        title="Metrics"
        description="Refreshed every 10 seconds. Errors are answers with status 500 and above."
        actions={
          <Field label="Window">
            <Select value={windowSeconds} onChange={(e) => setWindow(Number(e.target.value))}>
              {WINDOWS.map(([s, label]) => (
                <option key={s} value={s}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
        }
      />
      <QueryBoundary query={stats} errorTitle="Could not load the statistics">
        {(s) => {
          const c = statsColumns(s);
          const t = s.totals;
          return (
            <div className="flex flex-col gap-6 p-5">
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-6">
                {[
                  ["Requests", formatNumber(t.requests)],
                  ["Req/s", formatRate(t.requests_per_second)],
                  ["p50", formatMs(t.p50_ms)],
                  ["p99", formatMs(t.p99_ms)],
                  ["Errors", formatNumber(t.errors)],
                  ["Cache hits", formatNumber(t.cache_hits)],
                ].map(([label, value]) => (
                  <div key={label} className="rounded-md border border-border p-3">
                    <dt className="text-xs text-muted">{label}</dt>
                    <dd className="text-lg font-semibold tabular-nums">{value}</dd>
                  </div>
                ))}
              </dl>
              <div className="grid gap-6 lg:grid-cols-2">
                <TimeChart title="Requests per second" series={["req/s"]} data={c.rate} unit="/s" />
                <TimeChart title="Latency" series={["p50", "p99"]} data={c.latency} unit="ms" />
                <TimeChart title={`Errors per ${s.bucket_seconds} s`} series={["errors"]} data={c.errors} unit="" />
                <TimeChart title="Mean batch size" series={["rows"]} data={c.batch} unit="rows" />
              </div>
            </div>
          );
        }}
      </QueryBoundary>
    </Card>
  );
}
