import { Plus } from "lucide-react";
import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { errorMessage } from "@/lib/api/errors";
import { useChannels, useDeleteChannel, useTestChannel } from "../api/channel-queries";
import type { AlertChannel, ChannelTestResult } from "../api/alert-types";
import { ChannelDialog } from "../components/ChannelDialog";
import { useAlertsRef } from "../use-project-ref";

/** Where it sends, as the server answers it without secrets (a URL's host, the recipients). */
function destination(c: AlertChannel): string {
  return c.destination || "—";
}

/** Where notifications go: email, Slack, webhooks, PagerDuty; each can be sent a test. */
export function ChannelsPage() {
  const { projectRef, canEdit } = useAlertsRef();
  const channels = useChannels(projectRef);
  const test = useTestChannel(projectRef);
  const remove = useDeleteChannel(projectRef);
  const [editing, setEditing] = useState<AlertChannel | "new" | null>(null);
  const [deleting, setDeleting] = useState<AlertChannel | null>(null);
  const [results, setResults] = useState<Record<string, ChannelTestResult | { error: string }>>({});
  const add = canEdit && (
    <Button variant="primary" onClick={() => setEditing("new")}>
      <Plus className="size-4" aria-hidden="true" /> New channel
    </Button>
  );
  return (
    <>
      <QueryBoundary
        query={channels}
        errorTitle="Could not load the channels"
        empty={<Card><EmptyState title="No channels yet" description="A channel is where notifications go. Add one, then route alerts to it in the notification policy." action={add || undefined} /></Card>}
      >
        {(list) => (
          <Card>
            <CardHeader title="Channels" actions={add || undefined} />
            <Table label="Channels">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Kind</Th>
                  <Th>Destination</Th>
                  <Th>Last test</Th>
                  {canEdit && <Th className="relative">
                    <span className="sr-only">Actions</span>
                  </Th>}
                </tr>
              </thead>
              <tbody>
                {list.map((c) => {
                  const r = results[c.id];
                  return (
                    <Tr key={c.id}>
                      <Td className="font-medium">{c.name}</Td>
                      <Td>
                        <Badge>{c.kind}</Badge>
                      </Td>
                      <Td className="max-w-xs truncate font-mono text-xs">{destination(c)}</Td>
                      <Td className="text-xs" aria-live="polite">
                        {!r ? (
                          <span className="text-muted">—</span>
                        ) : "delivered" in r ? (
                          r.delivered ? (
                            <span className="text-success">Delivered (HTTP {r.status_code}, {Math.round(r.duration_ms)} ms)</span>
                          ) : (
                            <span className="text-danger">Failed: {r.error ?? `HTTP ${r.status_code}`}</span>
                          )
                        ) : (
                          <span className="text-danger">{r.error}</span>
                        )}
                      </Td>
                      {canEdit && (
                        <Td className="text-right whitespace-nowrap">
                          <Button
                            size="sm"
                            loading={test.isPending && test.variables === c.id}
                            onClick={() =>
                              test.mutate(c.id, {
                                onSuccess: (res) => setResults((x) => ({ ...x, [c.id]: res })),
                                onError: (e) => setResults((x) => ({ ...x, [c.id]: { error: errorMessage(e) } })),
                              })
                            }
                          >
                            Send test
                          </Button>{" "}
                          <Button size="sm" variant="ghost" onClick={() => setEditing(c)}>
                            Edit
                          </Button>
                          <Button size="sm" variant="ghost" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                            Delete
                          </Button>
                        </Td>
                      )}
                    </Tr>
                  );
                })}
              </tbody>
            </Table>
          </Card>
        )}
      </QueryBoundary>
      {editing && <ChannelDialog projectRef={projectRef} channel={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && (setDeleting(null), remove.reset())}
          title={`Delete the channel ${deleting.name}`}
          description="Routes that name it stop sending there."
          confirmLabel="Delete channel"
          typedConfirmation={deleting.name}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        />
      )}
    </>
  );
}
