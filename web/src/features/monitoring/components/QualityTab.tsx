import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { useQualityReport, type MonitorRef } from "../api/monitor-queries";
import { missingShareColumns } from "../chart-columns";
import { formatCount } from "../format";
import type { TimeRange } from "../time-range";
import { CountList } from "./CountList";
import { ExportButtons } from "./ExportButtons";
import { QualityTable } from "./QualityTable";
import { TimeChart } from "@/components/charts/TimeChart";

interface QualityTabProps {
  monitorRef: MonitorRef;
  range: TimeRange;
  onZoom: (fromSeconds: number, toSeconds: number) => void;
}

/** Data quality over the range: the per-feature table and each feature's missing share over time. */
export function QualityTab({ monitorRef, range, onZoom }: QualityTabProps) {
  const report = useQualityReport(monitorRef, range);
  return (
    <QueryBoundary query={report} loading={<Skeleton className="h-64" />} errorTitle="Could not load the data quality report">
      {(r) => {
        const missing = missingShareColumns(r);
        return (
          <Card>
            <CardHeader
              title="Data quality"
              description={`${formatCount(r.rows)} rows in the range. Out of range and new categories are judged against the reference.`}
              actions={<ExportButtons monitorRef={monitorRef} kind="quality" span={r} />}
            />
            <div className="flex flex-col gap-6 p-5">
              {r.features.length === 0 ? <p className="text-sm text-muted">No rows in this range.</p> : <QualityTable features={r.features} />}
              <CountList title="Unknown features sent" counts={r.unknown_features} />
              {missing.names.length > 0 && (
                <TimeChart
                  title="Missing share over time"
                  series={missing.names}
                  data={missing.columns}
                  unit="%"
                  onZoom={onZoom}
                  span={{ from: r.from / 1000, to: r.to / 1000 }}
                />
              )}
            </div>
          </Card>
        );
      }}
    </QueryBoundary>
  );
}
