import { lazy, Suspense } from "react";
import { Link, useSearchParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { CopyButton } from "@/components/ui/CopyButton";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/cn";
import { useDeployment } from "../api/deployment-queries";
import { LogsPanel } from "../components/LogsPanel";
import { MonitoringLink } from "../components/MonitoringLink";
import { OverviewPanel } from "../components/OverviewPanel";
import { PlaygroundPanel } from "../components/PlaygroundPanel";
import { RevisionsPanel } from "../components/RevisionsPanel";
import { SettingsPanel } from "../components/SettingsPanel";
import { StateBadge } from "../components/StateBadge";
import { TrafficPanel } from "../components/TrafficPanel";
import { absoluteUrl, describeSource } from "../format";
import { useDeploymentRef } from "../use-deployment-ref";

// uPlot (the charts) loads with the Metrics tab, not with the page.
const MetricsPanel = lazy(() => import("../components/MetricsPanel").then((m) => ({ default: m.MetricsPanel })));

const TABS = [
  ["overview", "Overview"],
  ["revisions", "Revisions"],
  ["traffic", "Traffic"],
  ["logs", "Logs"],
  ["metrics", "Metrics"],
  ["playground", "Playground"],
  ["settings", "Settings"],
] as const;
type Tab = (typeof TABS)[number][0];

/** One deployment: its status and endpoint, and a tab per concern (the tab is in the URL: ?tab=logs). */
export function DeploymentPage() {
  const { ref, base, projectBase, canDeploy } = useDeploymentRef();
  const deployment = useDeployment(ref);
  const [params] = useSearchParams();
  const tab: Tab = TABS.some(([t]) => t === params.get("tab")) ? (params.get("tab") as Tab) : "overview";

  return (
    <QueryBoundary
      query={deployment}
      loading={<Skeleton className="h-64" />}
      notFound={
        <NotFoundState title="Deployment not found" description="It may have been deleted." backTo={`${projectBase}/deployments`} backLabel="All deployments" />
      }
    >
      {(d) => (
        <div className="flex flex-col gap-6">
          <header className="flex flex-col gap-2">
            <Link to={`${projectBase}/deployments`} className="text-sm text-muted hover:text-fg hover:underline">
              Deployments / {d.environment}
            </Link>
            <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
              {d.name} <StateBadge state={d.status.state} />
              <span className="text-sm font-normal text-muted">
                {describeSource(d.source, d.model_version)} · r{d.revision}
              </span>
            </h2>
            {d.status.reason &&
              (d.status.state === "failed" || d.status.state === "degraded" ? (
                <p role="alert" className="text-sm text-danger">
                  {d.status.reason}
                </p>
              ) : (
                <p className="text-sm text-muted">{d.status.reason}</p>
              ))}
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-muted">Endpoint</span>
              <code className="min-w-0 font-mono text-xs break-all">{absoluteUrl(d.urls.invocations)}</code>
              <CopyButton value={absoluteUrl(d.urls.invocations)} label="Copy URL" />
            </div>
          </header>
          <nav aria-label="Deployment" className="flex gap-1 overflow-x-auto border-b border-border">
            {TABS.map(([key, label]) => (
              <Link
                key={key}
                to={key === "overview" ? base : `${base}?tab=${key}`}
                aria-current={tab === key ? "page" : undefined}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                  tab === key ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
                )}
              >
                {label}
              </Link>
            ))}
            <MonitoringLink deploymentRef={ref} projectBase={projectBase} />
            <Link to={`${projectBase}/alerts?deployment=${encodeURIComponent(d.name)}`} className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm whitespace-nowrap text-muted hover:text-fg">
              Alerts
            </Link>
          </nav>
          {tab === "overview" && <OverviewPanel deployment={d} deploymentRef={ref} />}
          {tab === "revisions" && <RevisionsPanel deployment={d} deploymentRef={ref} canDeploy={canDeploy} />}
          {tab === "traffic" && <TrafficPanel deployment={d} deploymentRef={ref} canDeploy={canDeploy} />}
          {tab === "logs" && <LogsPanel deploymentRef={ref} />}
          {tab === "metrics" && (
            <Suspense fallback={<Skeleton className="h-64" />}>
              <MetricsPanel deploymentRef={ref} />
            </Suspense>
          )}
          {tab === "playground" && <PlaygroundPanel deployment={d} deploymentRef={ref} />}
          {tab === "settings" && <SettingsPanel deployment={d} deploymentRef={ref} projectBase={projectBase} canDeploy={canDeploy} />}
        </div>
      )}
    </QueryBoundary>
  );
}
