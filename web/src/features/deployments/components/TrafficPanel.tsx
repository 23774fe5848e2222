import { useState } from "react";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Field } from "@/components/ui/Field";
import { Input, Select } from "@/components/ui/Input";
import { useRevisions, useSetTraffic, type Deployment, type DeploymentRef, type Revision } from "../api/deployment-queries";
import { describeSplit, trafficBody, trafficValues, type TrafficValues } from "../traffic";

function RevisionSelect({ label, value, revisions, onChange, none }: { label: string; value: number | null; revisions: Revision[]; onChange: (v: number | null) => void; none?: string }) {
  return (
    <Field label={label}>
      <Select value={value ?? ""} onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}>
        {none && <option value="">{none}</option>}
        {revisions.map((r) => (
          <option key={r.number} value={r.number}>
            r{r.number} — {r.model} v{r.version}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function TrafficForm({ deployment, revisions, deploymentRef, canDeploy }: { deployment: Deployment; revisions: Revision[]; deploymentRef: DeploymentRef; canDeploy: boolean }) {
  const [v, setV] = useState<TrafficValues>(trafficValues(deployment.traffic));
  const [confirming, setConfirming] = useState(false);
  const setTraffic = useSetTraffic(deploymentRef);
  const body = trafficBody(v);
  const set = (changes: Partial<TrafficValues>) => setV((old) => ({ ...old, ...changes }));

  return (
    <Card>
      <CardHeader title="Traffic" description="Send a share of requests to a second revision (canary), and a copy to a shadow revision whose answers are only logged." />
      <form
        className="flex flex-col gap-5 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <RevisionSelect label="Main revision" value={v.main} revisions={revisions} onChange={(n) => set({ main: n ?? v.main })} />
          <RevisionSelect label="Canary revision" value={v.canary} revisions={revisions.filter((r) => r.number !== v.main)} onChange={(n) => set({ canary: n })} none="none" />
        </div>
        {v.canary !== null && (
          <div className="flex flex-col gap-1.5">
            <label htmlFor="canary-weight" className="text-sm font-medium">
              Canary share: {v.canaryWeight}% to r{v.canary}, {100 - v.canaryWeight}% to r{v.main}
            </label>
            <input
              id="canary-weight"
              type="range"
              min={0}
              max={100}
              step={1}
              value={v.canaryWeight}
              onChange={(e) => set({ canaryWeight: Number(e.target.value) })}
              className="w-full accent-[var(--accent)]"
              aria-valuetext={`${v.canaryWeight}% to r${v.canary}`}
            />
          </div>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <RevisionSelect label="Shadow revision" value={v.shadow} revisions={revisions} onChange={(n) => set({ shadow: n })} none="no shadow" />
          {v.shadow !== null && (
            <Field label="Shadow share (%)">
              <Input type="number" min={0} max={100} value={v.shadowPercent} onChange={(e) => set({ shadowPercent: Math.max(0, Math.min(100, Number(e.target.value))) })} />
            </Field>
          )}
        </div>
        <p className="text-sm text-muted">Result: {describeSplit(body)}.</p>
        {canDeploy && (
          <div>
            <Button type="submit" variant="primary">
              Apply traffic…
            </Button>
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirming}
        onOpenChange={(o) => {
          setConfirming(o);
          if (!o) setTraffic.reset();
        }}
        title="Change the traffic?"
        description={`Requests will go ${describeSplit(body)}. Revisions that do not run yet start first.`}
        confirmLabel="Apply"
        danger={false}
        pending={setTraffic.isPending}
        error={setTraffic.error}
        onConfirm={() =>
          setTraffic.mutate(body, {
            onSuccess: () => {
              toast.success("Traffic updated");
              setConfirming(false);
            },
          })
        }
      />
    </Card>
  );
}

/** The traffic split of a deployment between revisions, with a confirmation before it changes. */
export function TrafficPanel({ deployment, deploymentRef, canDeploy }: { deployment: Deployment; deploymentRef: DeploymentRef; canDeploy: boolean }) {
  const revisions = useRevisions(deploymentRef);
  return (
    <QueryBoundary query={revisions} errorTitle="Could not load the revisions">
      {(list) => <TrafficForm deployment={deployment} revisions={list} deploymentRef={deploymentRef} canDeploy={canDeploy} />}
    </QueryBoundary>
  );
}
