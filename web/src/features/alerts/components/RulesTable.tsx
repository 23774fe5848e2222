import { useState } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatRelative } from "@/lib/format";
import { useDeleteRule, useUpdateRule } from "../api/rule-queries";
import type { AlertRule, ProjectRef } from "../api/alert-types";
import { conditionText, formatValue } from "../format";
import { SeverityBadge, ToneBadge } from "./AlertBadges";

const HEALTH_TONES = { ok: "success", no_data: "warning", error: "danger", unknown: "neutral" } as const;

/** The project's rules: what each watches, its health and open alert; enable, disable and delete. */
export function RulesTable({ rules, projectRef, alertsBase, canEdit }: { rules: AlertRule[]; projectRef: ProjectRef; alertsBase: string; canEdit: boolean }) {
  const update = useUpdateRule(projectRef);
  const remove = useDeleteRule(projectRef);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  return (
    <>
      <Table label="Alert rules">
        <thead>
          <tr>
            <Th>Rule</Th>
            <Th>Condition</Th>
            <Th>Severity</Th>
            <Th>Health</Th>
            <Th>Alert</Th>
            <Th>Enabled</Th>
            {canEdit && <Th className="relative">
                    <span className="sr-only">Actions</span>
                  </Th>}
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => {
            const health = r.status.health ?? "unknown";
            return (
              <Tr key={r.id}>
                <Td>
                  <Link to={`${alertsBase}/rules/${encodeURIComponent(r.name)}`} className="font-medium text-accent hover:underline">
                    {r.name}
                  </Link>
                  <p className="text-xs text-muted">monitor {r.monitor}</p>
                </Td>
                <Td className="text-xs">{conditionText(r.series, r.condition, r.window_seconds)}</Td>
                <Td>
                  <SeverityBadge severity={r.severity} />
                </Td>
                <Td>
                  <span title={r.status.last_error ?? undefined}>
                    <ToneBadge tone={HEALTH_TONES[health]}>{health.replace("_", " ")}</ToneBadge>
                  </span>
                  <p className="text-xs text-muted">
                    {formatValue(r.status.last_value)} · {r.status.last_evaluated_at ? formatRelative(r.status.last_evaluated_at) : "not evaluated"}
                  </p>
                </Td>
                <Td>
                  {r.alert?.id ? (
                    <Link to={`${alertsBase}/${r.alert.id}`} className="text-accent hover:underline">
                      {r.alert.state}
                    </Link>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </Td>
                <Td>
                  <input
                    type="checkbox"
                    role="switch"
                    aria-checked={r.enabled}
                    aria-label={`Enable ${r.name}`}
                    checked={r.enabled}
                    disabled={!canEdit || update.isPending}
                    onChange={(e) => update.mutate({ rule: r.id, body: { enabled: e.target.checked } })}
                  />
                </Td>
                {canEdit && (
                  <Td className="text-right">
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                      Delete
                    </Button>
                  </Td>
                )}
              </Tr>
            );
          })}
        </tbody>
      </Table>
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setDeleting(null);
              remove.reset();
            }
          }}
          title={`Delete the rule ${deleting.name}`}
          description="Its alerts are resolved and it stops evaluating. This cannot be undone."
          confirmLabel="Delete rule"
          typedConfirmation={deleting.name}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        />
      )}
    </>
  );
}
