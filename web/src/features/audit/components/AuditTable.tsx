import { ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/Badge";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { AuditEvent } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

/**
 * Who or what an event names: its display name as it was then (the server keeps it, so a deleted
 * model still reads "churn v2"), with the kind; a short id only for events older than names.
 */
function Party({ type, id, name }: { type: string; id: string; name: string }) {
  if (!type && !id) return <span className="text-muted">—</span>;
  return (
    <span className="inline-flex min-w-0 items-baseline gap-1.5" title={id}>
      {name ? <span className="truncate">{name}</span> : <span className="font-mono text-xs">{id.slice(0, 8)}</span>}
      <span className="shrink-0 text-xs text-muted">{type.replaceAll("_", " ")}</span>
    </span>
  );
}

/** Events, newest first; a row opens to show its details and request id. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table label="Audit events">
      <thead>
        <tr>
          <Th className="w-8">
            <span className="sr-only">Details</span>
          </Th>
          <Th>When</Th>
          <Th>Action</Th>
          <Th className="hidden md:table-cell">Actor</Th>
          <Th className="hidden md:table-cell">Target</Th>
          <Th className="hidden lg:table-cell">Address</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const expanded = open === e.id;
          return (
            <Fragment key={e.id}>
              <Tr>
                <Td>
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-label={`Details of ${e.action} at ${formatDateTime(e.created_at)}`}
                    onClick={() => setOpen(expanded ? null : e.id)}
                    className="rounded p-0.5 hover:bg-subtle"
                  >
                    {expanded ? <ChevronDown className="size-4" /> : <ChevronRight className="size-4" />}
                  </button>
                </Td>
                <Td className="whitespace-nowrap text-muted">{formatDateTime(e.created_at)}</Td>
                <Td>
                  <Badge tone="accent">{e.action}</Badge>
                </Td>
                <Td className="hidden md:table-cell">
                  <Party type={e.actor_type} id={e.actor_id} name={e.actor_name} />
                </Td>
                <Td className="hidden md:table-cell">
                  <Party type={e.target_type} id={e.target_id} name={e.target_name} />
                </Td>
                <Td className="hidden font-mono text-xs text-muted lg:table-cell">{e.ip}</Td>
              </Tr>
              {expanded && (
                <tr>
                  <td colSpan={6} className="border-b border-border bg-subtle/50 px-4 py-3">
                    <dl className="mb-2 grid grid-cols-[7rem_1fr] gap-1 text-xs">
                      <dt className="text-muted">Actor</dt>
                      <dd>
                        {e.actor_name && <span className="mr-2">{e.actor_name}</span>}
                        <span className="font-mono">{e.actor_id}</span>
                      </dd>
                      <dt className="text-muted">Target</dt>
                      <dd>
                        {e.target_name && <span className="mr-2">{e.target_name}</span>}
                        <span className="font-mono">{e.target_id}</span>
                      </dd>
                      <dt className="text-muted">Request id</dt>
                      <dd className="font-mono">{e.request_id}</dd>
                    </dl>
                    <pre className="overflow-x-auto rounded bg-surface p-2 font-mono text-xs">{JSON.stringify(e.details, null, 2)}</pre>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
