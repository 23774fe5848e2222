import { ExternalLink } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useSession } from "@/lib/auth/use-session";
import { deliveriesOf, useAlert, useMemberNames, useRespondToAlert } from "../api/alert-queries";
import type { AlertDetail, ProjectRef } from "../api/alert-types";
import { AlertStatusBadge, SeverityBadge } from "../components/AlertBadges";
import { AlertSeries } from "../components/AlertSeries";
import { AlertTimeline } from "../components/AlertTimeline";
import { LabelList } from "../components/LabelList";
import { NoteDialog } from "../components/NoteDialog";
import { formatValue } from "../format";
import { useAlertsRef } from "../use-project-ref";

/** One alert: its state, what it says, its series around it, its timeline, and acknowledge / resolve. */
export function AlertPage() {
  const { projectRef, projectBase, alertsBase, canEdit } = useAlertsRef();
  const { alert: id = "" } = useParams();
  const alert = useAlert(projectRef, id);
  return (
    <QueryBoundary
      query={alert}
      errorTitle="Could not load the alert"
      notFound={<NotFoundState title="Alert not found" description="It does not exist in this project, or you may not see it." backTo={alertsBase} backLabel="Back to the inbox" />}
    >
      {(a) => <AlertView alert={a} projectRef={projectRef} projectBase={projectBase} alertsBase={alertsBase} canEdit={canEdit} />}
    </QueryBoundary>
  );
}

interface AlertViewProps {
  alert: AlertDetail;
  projectRef: ProjectRef;
  projectBase: string;
  alertsBase: string;
  canEdit: boolean;
}

function AlertView({ alert: a, projectRef, projectBase, alertsBase, canEdit }: AlertViewProps) {
  const [action, setAction] = useState<"acknowledge" | "resolve" | null>(null);
  const respond = useRespondToAlert(projectRef, a.id);
  const names = useMemberNames(projectRef.org);
  const me = useSession().user?.id;
  const { summary, description, runbook_url: runbook, ...otherAnnotations } = a.annotations;
  const open = a.state !== "resolved";
  return (
    <div className="flex flex-col gap-5">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-muted">
            <Link to={alertsBase} className="hover:underline">
              Alerts
            </Link>{" "}
            / {a.rule.name}
          </p>
          <h2 className="mt-1 text-lg font-semibold break-words">{summary || a.rule.name}</h2>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <AlertStatusBadge alert={a} />
            <SeverityBadge severity={a.severity} />
            <span className="text-muted">
              value <span className="font-medium text-fg tabular-nums">{formatValue(a.value)}</span> · active since {formatDateTime(a.active_since)} ({formatRelative(a.active_since)})
              {a.resolved_at != null && <> · resolved {formatDateTime(a.resolved_at)}</>}
            </span>
          </div>
          {a.acknowledged && (
            <p className="mt-1 text-sm text-muted">
              Acknowledged {formatRelative(a.acknowledged.at)}
              {a.acknowledged.note ? `: “${a.acknowledged.note}”` : ""}
            </p>
          )}
        </div>
        {canEdit && open && (
          <div className="flex gap-2">
            {!a.acknowledged && (
              <Button variant="primary" onClick={() => setAction("acknowledge")}>
                Acknowledge
              </Button>
            )}
            <Button onClick={() => setAction("resolve")}>Resolve</Button>
          </div>
        )}
      </header>
      <nav aria-label="Related" className="flex flex-wrap gap-4 text-sm">
        {a.rule.id && (
          <Link to={`${alertsBase}/rules/${encodeURIComponent(a.rule.id)}`} className="text-accent hover:underline">
            Rule {a.rule.name}
          </Link>
        )}
        {a.labels.deployment && (
          <Link to={`${projectBase}/deployments/${encodeURIComponent(a.labels.deployment)}`} className="text-accent hover:underline">
            Deployment {a.labels.deployment}
          </Link>
        )}
        {a.labels.monitor && (
          <Link to={`${projectBase}/monitoring/${encodeURIComponent(a.labels.monitor)}`} className="text-accent hover:underline">
            Monitoring dashboard
          </Link>
        )}
        {runbook && /^https?:\/\//.test(runbook) && (
          <a href={runbook} target="_blank" rel="noreferrer" className="flex items-center gap-1 text-accent hover:underline">
            Runbook <ExternalLink className="size-3.5" aria-hidden="true" />
          </a>
        )}
      </nav>
      {description && <p className="max-w-3xl text-sm whitespace-pre-wrap">{description}</p>}
      <div className="grid gap-5 lg:grid-cols-[2fr_1fr]">
        <Card className="min-w-0">
          <CardHeader title="Series around the alert" description="The rule's series over the last 6 hours; shaded where it would fire, the line marks this alert." />
          <div className="p-5">
            <AlertSeries projectRef={projectRef} alert={a} />
          </div>
        </Card>
        <Card>
          <CardHeader title="Labels and annotations" />
          <div className="flex flex-col gap-4 p-5">
            <LabelList label="Labels" values={a.labels} />
            {Object.keys(otherAnnotations).length > 0 && <LabelList label="Annotations" values={otherAnnotations} />}
          </div>
        </Card>
      </div>
      <Card>
        <CardHeader title="Timeline" />
        <div className="p-5">
          <AlertTimeline events={a.timeline} deliveries={deliveriesOf(a)} names={names.data} me={me} />
        </div>
      </Card>
      {action && (
        <NoteDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setAction(null);
              respond.reset();
            }
          }}
          title={action === "acknowledge" ? "Acknowledge the alert" : "Resolve the alert"}
          description={action === "acknowledge" ? "Escalation stops; the channels hear who took it." : "The alert closes now; it fires again if its condition holds at the next evaluation."}
          confirmLabel={action === "acknowledge" ? "Acknowledge" : "Resolve"}
          pending={respond.isPending}
          error={respond.error}
          onConfirm={({ note }) => respond.mutate({ action, note }, { onSuccess: () => setAction(null) })}
        />
      )}
    </div>
  );
}
