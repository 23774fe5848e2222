import { BellOff } from "lucide-react";
import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { useUrlParams } from "@/lib/use-url-params";
import { useAlerts } from "../api/alert-queries";
import { useAlertRules } from "../api/rule-queries";
import { AlertsTable } from "../components/AlertsTable";
import { BulkActions } from "../components/BulkActions";
import { InboxFilters } from "../components/InboxFilters";
import { countByTab, deploymentsOf, inboxViewOf } from "../inbox";
import { useAlertsRef } from "../use-project-ref";

/** The project's alerts by state (firing first), filtered by severity, rule and deployment, with bulk actions. */
export function AlertsInboxPage() {
  const { projectRef, alertsBase, canEdit } = useAlertsRef();
  const [params, setParams] = useUrlParams();
  const view = inboxViewOf(params);
  const filter = { severity: view.severity, rule: view.rule, deployment: view.deployment };
  const alerts = useAlerts(projectRef, { states: [view.state], ...filter });
  const summary = useAlerts(projectRef, { states: [], ...filter, limit: 1000 });
  const rules = useAlertRules(projectRef);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const visible = new Set((alerts.data?.alerts ?? []).map((a) => a.id));
  const chosen = [...selected].filter((id) => visible.has(id));

  return (
    <div className="flex flex-col gap-4">
      <InboxFilters
        view={view}
        counts={summary.data ? countByTab(summary.data.alerts) : undefined}
        rules={(rules.data ?? []).map((r) => r.name)}
        deployments={deploymentsOf(summary.data?.alerts ?? [])}
        onChange={(changes) => {
          setSelected(new Set());
          setParams(changes);
        }}
      />
      {canEdit && chosen.length > 0 && view.state !== "resolved" && <BulkActions projectRef={projectRef} ids={chosen} onDone={() => setSelected(new Set())} />}
      <QueryBoundary
        query={alerts}
        errorTitle="Could not load the alerts"
        isEmpty={(d) => d.alerts.length === 0}
        empty={
          <Card>
            <EmptyState
              icon={<BellOff className="size-6" />}
              title={`No ${view.state} alerts`}
              description={view.state === "firing" ? "Nothing is firing. Rules evaluate on their interval; an alert appears here once its condition holds for its pending period." : "None match these filters."}
            />
          </Card>
        }
      >
        {(d) => (
          <Card>
            <AlertsTable
              alerts={d.alerts}
              alertsBase={alertsBase}
              selectable={canEdit && view.state !== "resolved"}
              selected={selected}
              onSelect={(ids, on) =>
                setSelected((s) => {
                  const next = new Set(s);
                  for (const id of ids) {
                    if (on) next.add(id);
                    else next.delete(id);
                  }
                  return next;
                })
              }
            />
          </Card>
        )}
      </QueryBoundary>
    </div>
  );
}
