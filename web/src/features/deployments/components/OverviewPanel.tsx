import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useDeploymentEvents, type Deployment, type DeploymentRef } from "../api/deployment-queries";
import { absoluteUrl, describeSource, describeTraffic } from "../format";

function Workers({ workers }: { workers: Deployment["status"]["workers"] }) {
  if (workers.length === 0) return <p className="p-5 text-sm text-muted">No worker runs now.</p>;
  return (
    <Table label="Workers">
      <thead>
        <tr>
          <Th>#</Th>
          <Th>State</Th>
          <Th>PID</Th>
          <Th>Restarts</Th>
          <Th>Started</Th>
          <Th>Reason</Th>
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <Tr key={w.index}>
            <Td className="tabular-nums">{w.index}</Td>
            <Td>{w.state}</Td>
            <Td className="font-mono text-xs">{w.pid ?? "—"}</Td>
            <Td className="tabular-nums">{w.restarts}</Td>
            <Td>{w.started_at ? formatRelative(w.started_at) : "—"}</Td>
            <Td className="text-xs break-words">{w.reason || "—"}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** What happened, newest first: changes, state transitions and worker exits with who and why. */
export function EventsTimeline({ deploymentRef }: { deploymentRef: DeploymentRef }) {
  const events = useDeploymentEvents(deploymentRef);
  return (
    <QueryBoundary query={events} errorTitle="Could not load the events" empty={<EmptyState title="No events yet" description="Changes, state transitions and worker exits appear here." />}>
      {(list) => (
        <ol className="flex flex-col gap-3 p-5" aria-label="Events">
          {list.map((e, i) => (
            <li key={`${e.at}-${i}`} className="border-l-2 border-border pl-3 text-sm">
              <p>
                <span className="font-medium">{e.kind.replace("_", " ")}</span> <span className="text-muted">by {e.actor}</span>
              </p>
              <p className="break-words">{e.message}</p>
              <time className="text-xs text-muted" dateTime={new Date(e.at).toISOString()}>
                {formatDateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </QueryBoundary>
  );
}

/** Status, endpoints and workers of a deployment, and its events. */
export function OverviewPanel({ deployment, deploymentRef }: { deployment: Deployment; deploymentRef: DeploymentRef }) {
  const d = deployment;
  return (
    <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Status" description={d.status.reason || `Since ${formatDateTime(d.status.since)}`} />
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 p-5 text-sm">
            <dt className="text-muted">Serves</dt>
            <dd className="font-mono text-xs">{describeSource(d.source, d.model_version)}</dd>
            <dt className="text-muted">Revision</dt>
            <dd>r{d.revision}</dd>
            <dt className="text-muted">Traffic</dt>
            <dd>{describeTraffic(d.traffic)}</dd>
            <dt className="text-muted">Target</dt>
            <dd>{d.target}</dd>
            <dt className="text-muted">Created</dt>
            <dd>
              {formatDateTime(d.created_at)} <span className="text-muted">by {d.created_by}</span>
            </dd>
          </dl>
        </Card>
        <Card>
          <CardHeader title="Endpoints" description="Call them with an API key that has the predict scope." />
          <dl className="flex flex-col gap-3 p-5 text-sm">
            {[
              ["MLflow scoring", absoluteUrl(d.urls.invocations)],
              ["Open Inference v2", absoluteUrl(d.urls.v2_infer)],
            ].map(([label, url]) => (
              <div key={label} className="flex flex-wrap items-center gap-2">
                <dt className="w-36 text-muted">{label}</dt>
                <dd className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
                  <span className="min-w-0 flex-1 font-mono text-xs break-all">{url}</span>
                  <CopyButton value={url!} label={`Copy ${label} URL`} />
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card>
          <CardHeader title="Workers" />
          <Workers workers={d.status.workers} />
        </Card>
      </div>
      <Card className="self-start">
        <CardHeader title="Events" />
        <EventsTimeline deploymentRef={deploymentRef} />
      </Card>
    </div>
  );
}
