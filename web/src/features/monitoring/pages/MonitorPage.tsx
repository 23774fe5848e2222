import { Link } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/cn";
import { useUrlParams } from "@/lib/use-url-params";
import { useMonitorLiveUpdates } from "../api/live-updates";
import { useDeploymentNames, useMonitor } from "../api/monitor-queries";
import { DriftTab } from "../components/DriftTab";
import { MonitorSettingsForm } from "../components/MonitorSettingsForm";
import { PerformanceTab } from "../components/PerformanceTab";
import { QualityTab } from "../components/QualityTab";
import { ReferenceCard } from "../components/ReferenceCard";
import { ServiceTab } from "../components/ServiceTab";
import { TimeRangePicker } from "../components/TimeRangePicker";
import { baselineParams, DASHBOARD_TABS, dashboardState, type DashboardTab } from "../dashboard-state";
import { isLive, rangeKey, rangeToParams, resolveRange, zoomedRange, type TimeRange } from "../time-range";
import { useMonitorRef } from "../use-monitor-ref";

/** One monitor's dashboard: a time range and a tab per concern, both in the URL (?tab=drift&range=24h). */
export function MonitorPage() {
  const { ref, base, projectBase, canEdit } = useMonitorRef();
  const monitor = useMonitor(ref);
  const deployments = useDeploymentNames(ref);
  const [params, setParams] = useUrlParams();
  const state = dashboardState(params);
  const followed = useMonitorLiveUpdates(ref, isLive(state.range));
  const setRange = (range: TimeRange) => setParams(rangeToParams(range));
  const onZoom = (from: number, to: number) => {
    const zoomed = zoomedRange(from, to);
    if (zoomed) setRange(zoomed);
  };
  const tabLink = (tab: DashboardTab) => {
    const next = new URLSearchParams(params);
    if (tab === "service") next.delete("tab");
    else next.set("tab", tab);
    const query = next.toString();
    return query ? `${base}?${query}` : base;
  };

  return (
    <QueryBoundary
      query={monitor}
      loading={<Skeleton className="h-64" />}
      notFound={
        <NotFoundState title="Monitor not found" description="It may have been deleted; a deployment's monitor comes back with its next prediction." backTo={`${projectBase}/monitoring`} backLabel="All monitors" />
      }
    >
      {(m) => {
        const deployment = m.deployment_id ? deployments.data?.get(m.deployment_id) : undefined;
        return (
          <div className="flex flex-col gap-6">
            <header className="flex flex-col gap-2">
              <Link to={`${projectBase}/monitoring`} className="text-sm text-muted hover:text-fg hover:underline">
                Monitoring
              </Link>
              <h2 className="text-lg font-semibold">{m.name}</h2>
              <p className="text-sm text-muted">
                {m.deployment_id ? (
                  deployment ? (
                    <>
                      Predictions of the deployment{" "}
                      <Link to={`${projectBase}/deployments/${encodeURIComponent(deployment)}`} className="text-accent underline">
                        {deployment}
                      </Link>
                    </>
                  ) : (
                    "Predictions of a deployment"
                  )
                ) : (
                  "Records sent by API (POST .../records) for a model served elsewhere"
                )}
                {m.reference ? "" : " · no reference data yet"} ·{" "}
                <Link to={`${projectBase}/alerts${deployment ? `?deployment=${encodeURIComponent(deployment)}` : ""}`} className="text-accent underline">
                  Alerts
                </Link>
              </p>
            </header>
            <TimeRangePicker key={rangeKey(state.range)} range={state.range} onChange={setRange} followed={followed} />
            <nav aria-label="Monitor" className="flex gap-1 overflow-x-auto border-b border-border">
              {DASHBOARD_TABS.map(([key, label]) => (
                <Link
                  key={key}
                  to={tabLink(key)}
                  aria-current={state.tab === key ? "page" : undefined}
                  className={cn(
                    "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                    state.tab === key ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
                  )}
                >
                  {label}
                </Link>
              ))}
            </nav>
            {state.tab === "service" && <ServiceTab monitorRef={ref} range={state.range} onZoom={onZoom} />}
            {state.tab === "drift" && (
              <DriftTab
                monitorRef={ref}
                range={state.range}
                baseline={state.baseline}
                onBaselineChange={(b) => setParams(baselineParams(b))}
                feature={state.feature}
                onFeatureChange={(feature) => setParams({ feature })}
                settingsLink={tabLink("settings")}
                canEdit={canEdit}
              />
            )}
            {state.tab === "quality" && <QualityTab monitorRef={ref} range={state.range} onZoom={onZoom} />}
            {state.tab === "performance" && <PerformanceTab monitorRef={ref} range={state.range} onZoom={onZoom} />}
            {state.tab === "settings" && (
              <div className="flex flex-col gap-6">
                <ReferenceCard monitor={m} monitorRef={ref} span={resolveRange(state.range)} canEdit={canEdit} />
                {canEdit && <MonitorSettingsForm key={m.updated_at} monitor={m} monitorRef={ref} />}
              </div>
            )}
          </div>
        );
      }}
    </QueryBoundary>
  );
}
