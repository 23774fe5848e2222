import { Activity } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { useUrlParams } from "@/lib/use-url-params";
import { useDeploymentNames, useMonitors } from "../api/monitor-queries";
import { MonitorsTable } from "../components/MonitorsTable";
import { TimeRangePicker } from "../components/TimeRangePicker";
import { rangeFromParams, rangeKey, rangeToParams } from "../time-range";
import { useProjectRef } from "../use-monitor-ref";

/** The project's monitors (deployments' and API-fed) with their health over the range at a glance. */
export function MonitoringPage() {
  const { projectRef, projectBase } = useProjectRef();
  const monitors = useMonitors(projectRef);
  const deployments = useDeploymentNames(projectRef);
  const [params, setParams] = useUrlParams();
  const range = rangeFromParams(params);

  return (
    <div className="flex flex-col gap-6">
      <p className="max-w-2xl text-sm text-muted">
        Every prediction of a deployment is profiled: traffic, latency and errors, data drift against a reference, data quality and, once labels arrive,
        performance.
      </p>
      <TimeRangePicker key={rangeKey(range)} range={range} onChange={(r) => setParams(rangeToParams(r))} />
      <QueryBoundary
        query={monitors}
        errorTitle="Could not load the monitors"
        empty={
          <Card>
            <EmptyState
              icon={<Activity className="size-6" />}
              title="No monitors yet"
              description="A deployment's monitor appears with its first prediction. Models served elsewhere can be monitored by creating a monitor and sending their records (POST .../monitors/{monitor}/records)."
              link={{ to: `${projectBase}/deployments`, label: "Go to the deployments" }}
            />
          </Card>
        }
      >
        {(list) => (
          <Card>
            <CardHeader title="Monitors" description="Drift is judged over the whole range against each monitor's reference." />
            <MonitorsTable monitors={list} deploymentNames={deployments.data} projectRef={projectRef} projectBase={projectBase} range={range} />
          </Card>
        )}
      </QueryBoundary>
    </div>
  );
}
