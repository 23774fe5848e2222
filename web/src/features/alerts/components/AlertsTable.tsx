import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { Alert } from "../api/alert-types";
import { formatValue } from "../format";
import { AlertStatusBadge, SeverityBadge } from "./AlertBadges";

interface AlertsTableProps {
  alerts: Alert[];
  alertsBase: string;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  selectable: boolean;
}

/** Alerts with their state, severity, deployment and value; each opens its page; rows can be selected for bulk actions. */
export function AlertsTable({ alerts, alertsBase, selected, onSelect, selectable }: AlertsTableProps) {
  const all = alerts.length > 0 && alerts.every((a) => selected.has(a.id));
  return (
    <Table label="Alerts">
      <thead>
        <tr>
          {selectable && (
            <Th className="w-8">
              <input type="checkbox" aria-label="Select all alerts" checked={all} onChange={(e) => onSelect(alerts.map((a) => a.id), e.target.checked)} />
            </Th>
          )}
          <Th>Alert</Th>
          <Th>State</Th>
          <Th>Severity</Th>
          <Th>Deployment</Th>
          <Th className="text-right">Value</Th>
          <Th>Active since</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <Tr key={a.id}>
            {selectable && (
              <Td>
                <input type="checkbox" aria-label={`Select ${a.rule.name ?? a.id}`} checked={selected.has(a.id)} onChange={(e) => onSelect([a.id], e.target.checked)} />
              </Td>
            )}
            <Td className="max-w-md">
              <Link to={`${alertsBase}/${a.id}`} className="font-medium text-accent hover:underline">
                {a.rule.name}
              </Link>
              {a.annotations.summary && <p className="truncate text-xs text-muted">{a.annotations.summary}</p>}
            </Td>
            <Td>
              <AlertStatusBadge alert={a} />
            </Td>
            <Td>
              <SeverityBadge severity={a.severity} />
            </Td>
            <Td>{a.labels.deployment ?? (a.labels.monitor ? <span className="text-muted">monitor {a.labels.monitor}</span> : "—")}</Td>
            <Td className="text-right tabular-nums">{formatValue(a.value)}</Td>
            <Td className="whitespace-nowrap" title={formatDateTime(a.active_since)}>
              {formatRelative(a.active_since)}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
