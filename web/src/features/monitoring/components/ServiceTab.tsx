import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { useServiceReport, type MonitorRef } from "../api/monitor-queries";
import { requestsByRevision, revisionColumns, serviceColumns } from "../chart-columns";
import { formatCount, formatMs, formatShare } from "../format";
import type { ServiceReport } from "../api/report-types";
import type { TimeRange } from "../time-range";
import { CountList } from "./CountList";
import { ExportButtons } from "./ExportButtons";
import { StatTiles } from "./StatTiles";
import { TimeChart } from "@/components/charts/TimeChart";

interface ServiceTabProps {
  monitorRef: MonitorRef;
  range: TimeRange;
  onZoom: (fromSeconds: number, toSeconds: number) => void;
}

/** Traffic, latency, errors, batch sizes and cache hits over the range; drag a chart to zoom. */
export function ServiceTab({ monitorRef, range, onZoom }: ServiceTabProps) {
  const [byRevision, setByRevision] = useState(false);
  const report = useServiceReport(monitorRef, range, byRevision);
  return (
    <QueryBoundary query={report} loading={<Skeleton className="h-64" />} errorTitle="Could not load the service report">
      {(r) => {
        const c = serviceColumns(r);
        const t = r.total;
        const span = { from: r.from / 1000, to: r.to / 1000 };
        return (
          <Card>
            <CardHeader
              title="Service"
              description={`Buckets of ${r.resolution >= 3600 ? `${r.resolution / 3600} h` : `${r.resolution / 60} min`}. Latency quantiles are within 1% (DDSketch). Drag across a chart to zoom in.`}
              actions={
                <div className="flex items-center gap-3">
                  <label className="flex items-center gap-1.5 text-sm">
                    <input type="checkbox" checked={byRevision} onChange={(e) => setByRevision(e.target.checked)} />
                    Split by revision
                  </label>
                  <ExportButtons monitorRef={monitorRef} kind="service" span={r} />
                </div>
              }
            />
            <div className="flex flex-col gap-6 p-5">
              <StatTiles
                label="Service totals"
                items={[
                  ["Requests", formatCount(t.requests)],
                  ["Errors", formatCount(t.errors)],
                  ["Error rate", formatShare(t.error_rate)],
                  ["p50 latency", formatMs(t.latency_ms?.p50)],
                  ["p99 latency", formatMs(t.latency_ms?.p99)],
                  ["Cache hits", formatCount(t.cache_hits)],
                ]}
              />
              {byRevision ? (
                <RevisionCharts report={r} onZoom={onZoom} span={span} />
              ) : (
                <div className="grid gap-6 lg:grid-cols-2">
                  <TimeChart title="Requests" series={["requests"]} data={c.requests} unit="" onZoom={onZoom} span={span} />
                  <TimeChart title="Latency" series={["p50", "p95", "p99"]} data={c.latency} unit="ms" onZoom={onZoom} span={span} />
                  <TimeChart title="Errors" series={["errors"]} data={c.errors} unit="" onZoom={onZoom} span={span} />
                  <TimeChart title="Error rate" series={["error rate"]} data={c.errorRate} unit="%" onZoom={onZoom} span={span} />
                  <TimeChart title="Batch size (rows)" series={["median", "max"]} data={c.batch} unit="rows" onZoom={onZoom} span={span} />
                  <TimeChart title="Cache hits" series={["cache hits"]} data={c.cacheHits} unit="" onZoom={onZoom} span={span} />
                </div>
              )}
              <div className="grid gap-4 sm:grid-cols-2">
                <CountList title="Errors by code" counts={t.errors_by_code} />
                <CountList title="Rejected inputs by field" counts={r.invalid_fields} />
              </div>
            </div>
          </Card>
        );
      }}
    </QueryBoundary>
  );
}

/**
 * The service per deployment revision (a canary beside the stable one, a rollout, a rollback): its
 * traffic, p99 latency and error rate as one line per revision, and its share of the requests.
 */
function RevisionCharts({ report, onZoom, span }: { report: ServiceReport; onZoom: (from: number, to: number) => void; span: { from: number; to: number } }) {
  const requests = revisionColumns(report, (b) => b.requests);
  const p99 = revisionColumns(report, (b) => b.latency_ms?.p99 ?? null);
  const errorRate = revisionColumns(report, (b) => (b.error_rate == null ? null : b.error_rate * 100));
  const names = requests.revisions.map((rev) => `revision ${rev}`);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-6 lg:grid-cols-2">
        <TimeChart title="Requests by revision" series={names} data={requests.columns} unit="" onZoom={onZoom} span={span} />
        <TimeChart title="p99 latency by revision" series={names} data={p99.columns} unit="ms" onZoom={onZoom} span={span} />
        <TimeChart title="Error rate by revision" series={names} data={errorRate.columns} unit="%" onZoom={onZoom} span={span} />
      </div>
      <CountList title="Requests by revision" counts={requestsByRevision(report)} />
    </div>
  );
}
