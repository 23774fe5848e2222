import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Select } from "@/components/ui/Input";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime } from "@/lib/format";
import { useUrlParams } from "@/lib/use-url-params";
import { useNotifications } from "../api/channel-queries";
import { ToneBadge } from "../components/AlertBadges";
import { useAlertsRef } from "../use-project-ref";

const TONES = { delivered: "success", failed: "danger", pending: "warning" } as const;

/** Every notification sent (or being retried), with each attempt. */
export function DeliveriesPage() {
  const { projectRef } = useAlertsRef();
  const [params, setParams] = useUrlParams();
  const status = params.get("status") ?? "";
  const notifications = useNotifications(projectRef, { status });
  return (
    <Card>
      <CardHeader
        title="Delivery log"
        description="Each notification with its attempts; failed ones are retried with backoff."
        actions={
          <Select aria-label="Status" className="w-auto" value={status} onChange={(e) => setParams({ status: e.target.value || null })}>
            <option value="">Any status</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </Select>
        }
      />
      <QueryBoundary query={notifications} errorTitle="Could not load the deliveries" empty={<EmptyState title="No notifications yet" description="Notifications appear when alerts fire and route to a channel, or when you send a test." />}>
        {(list) => (
          <Table label="Notifications" focusable>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Channel</Th>
                <Th>Event</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <Tr key={n.id}>
                  <Td className="whitespace-nowrap">{formatDateTime(n.created_at)}</Td>
                  <Td>
                    {n.channel} <span className="text-xs text-muted">({n.kind})</span>
                  </Td>
                  <Td className="text-sm">
                    {n.reason}
                    {n.event ? ` · ${n.event}` : ""}
                    {n.alert_ids?.length ? <span className="text-xs text-muted"> · {n.alert_ids.length} alert{n.alert_ids.length === 1 ? "" : "s"}</span> : null}
                  </Td>
                  <Td>
                    <ToneBadge tone={TONES[n.status]}>{n.status}</ToneBadge>
                    {n.last_error && <p className="max-w-xs truncate text-xs text-danger" title={n.last_error}>{n.last_error}</p>}
                  </Td>
                  <Td>
                    <ol aria-label={`Attempts of ${n.id}`} className="text-xs text-muted">
                      {n.log.map((l) => (
                        <li key={l.attempt}>
                          #{l.attempt} {formatDateTime(l.at)} · {l.status_code ? `HTTP ${l.status_code}` : "no answer"}
                          {l.duration_ms != null ? ` · ${Math.round(l.duration_ms)} ms` : ""}
                          {l.error ? ` · ${l.error}` : ""}
                        </li>
                      ))}
                    </ol>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryBoundary>
    </Card>
  );
}
