import { useState } from "react";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Field } from "@/components/ui/Field";
import { Select } from "@/components/ui/Input";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime } from "@/lib/format";
import { useRevisionDiff, useRevisions, useRollback, type Deployment, type DeploymentRef, type Revision } from "../api/deployment-queries";

function show(value: unknown): string {
  return value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
}

/** What changed between two revisions, one row per setting. */
export function RevisionDiffTable({ deploymentRef, from, to }: { deploymentRef: DeploymentRef; from: number; to: number }) {
  const diff = useRevisionDiff(deploymentRef, from, to);
  if (from === to) return <p className="p-5 text-sm text-muted">Choose two different revisions.</p>;
  return (
    <QueryBoundary query={diff} errorTitle="Could not compare the revisions">
      {(d) =>
        d.changes.length === 0 ? (
          <p className="p-5 text-sm text-muted">
            r{d.from} and r{d.to} are the same.
          </p>
        ) : (
          <Table label={`Changes from r${d.from} to r${d.to}`}>
            <thead>
              <tr>
                <Th>Setting</Th>
                <Th>r{d.from}</Th>
                <Th>r{d.to}</Th>
              </tr>
            </thead>
            <tbody>
              {d.changes.map((c) => (
                <Tr key={c.path}>
                  <Td className="font-mono text-xs">{c.path}</Td>
                  <Td className="font-mono text-xs text-danger">{show(c.from)}</Td>
                  <Td className="font-mono text-xs text-success">{show(c.to)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )
      }
    </QueryBoundary>
  );
}

function RevisionTable({ revisions, deployment, canDeploy, onRollback }: { revisions: Revision[]; deployment: Deployment; canDeploy: boolean; onRollback: (r: Revision) => void }) {
  const routed = new Map(deployment.traffic.routes.map((r) => [r.revision, r.weight]));
  return (
    <Table label="Revisions">
      <thead>
        <tr>
          <Th>Revision</Th>
          <Th>Model</Th>
          <Th>Reason</Th>
          <Th>By</Th>
          <Th>When</Th>
          <Th>Traffic</Th>
          {canDeploy && <Th>
            <span className="sr-only">Actions</span>
          </Th>}
        </tr>
      </thead>
      <tbody>
        {revisions.map((r) => (
          <Tr key={r.number}>
            <Td className="tabular-nums">
              r{r.number}
              {r.number === deployment.revision && <span className="ml-1 text-xs text-muted">(current)</span>}
            </Td>
            <Td className="font-mono text-xs">
              {r.model} v{r.version}
            </Td>
            <Td className="text-xs">{r.reason}</Td>
            <Td className="text-xs">{r.created_by}</Td>
            <Td className="text-xs">{formatDateTime(r.created_at)}</Td>
            <Td className="tabular-nums">{routed.has(r.number) ? `${routed.get(r.number)}%` : deployment.traffic.shadow?.revision === r.number ? "shadow" : "—"}</Td>
            {canDeploy && (
              <Td className="text-right">
                {r.number !== deployment.revision && (
                  <Button size="sm" onClick={() => onRollback(r)}>
                    Roll back to r{r.number}
                  </Button>
                )}
              </Td>
            )}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The history of a deployment: every revision, a diff of any two, and rollback with a confirmation. */
export function RevisionsPanel({ deployment, deploymentRef, canDeploy }: { deployment: Deployment; deploymentRef: DeploymentRef; canDeploy: boolean }) {
  const revisions = useRevisions(deploymentRef);
  const rollback = useRollback(deploymentRef);
  const [target, setTarget] = useState<Revision | null>(null);
  const [from, setFrom] = useState(Math.max(1, deployment.revision - 1));
  const [to, setTo] = useState(deployment.revision);

  return (
    <QueryBoundary query={revisions} errorTitle="Could not load the revisions">
      {(list) => (
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader title="Revisions" description="Every change of model or configuration is an immutable revision. Rolling back makes a new revision equal to an old one." />
            <RevisionTable revisions={list} deployment={deployment} canDeploy={canDeploy} onRollback={setTarget} />
          </Card>
          {list.length > 1 && (
            <Card>
              <CardHeader title="Compare revisions" />
              <div className="flex flex-wrap gap-4 px-5 pt-4">
                {(
                  [
                    ["From", from, setFrom],
                    ["To", to, setTo],
                  ] as const
                ).map(([label, value, set]) => (
                  <Field key={label} label={label}>
                    <Select value={value} onChange={(e) => set(Number(e.target.value))}>
                      {list.map((r) => (
                        <option key={r.number} value={r.number}>
                          r{r.number}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ))}
              </div>
              <RevisionDiffTable deploymentRef={deploymentRef} from={from} to={to} />
            </Card>
          )}
          {target && (
            <ConfirmDialog
              open
              onOpenChange={(o) => {
                if (!o) {
                  setTarget(null);
                  rollback.reset();
                }
              }}
              title={`Roll back to r${target.number}?`}
              description={`A new revision r${deployment.revision + 1} will serve ${target.model} v${target.version} with r${target.number}'s configuration and take all the traffic.`}
              confirmLabel={`Roll back to r${target.number}`}
              danger={false}
              pending={rollback.isPending}
              error={rollback.error}
              onConfirm={() =>
                rollback.mutate(target.number, {
                  onSuccess: (d) => {
                    toast.success(`Rolled back: r${d.revision} serves v${d.model_version}`);
                    setTarget(null);
                    setTo(d.revision);
                    void revisions.refetch();
                  },
                })
              }
            />
          )}
        </div>
      )}
    </QueryBoundary>
  );
}
