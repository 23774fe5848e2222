import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { FormError } from "@/components/ui/FormError";
import { downloadFile } from "@/lib/api/download";
import { toastError } from "@/lib/toast-error";
import { useDeleteDeployment, useStartDeployment, useStopDeployment, useUpdateDeployment, type Deployment, type DeploymentRef } from "../api/deployment-queries";
import { deploymentPath } from "../api/invoke";
import { changedConfig, configProblem, configValues, type ConfigValues } from "../config";
import { ConfigFields } from "./ConfigFields";

function ConfigForm({ deployment, deploymentRef }: { deployment: Deployment; deploymentRef: DeploymentRef }) {
  const [values, setValues] = useState<ConfigValues>(configValues(deployment.config));
  const [problem, setProblem] = useState<{ field: keyof ConfigValues; message: string } | null>(null);
  const update = useUpdateDeployment(deploymentRef);
  const changes = changedConfig(deployment.config, values);
  const dirty = Object.keys(changes).length > 0;
  return (
    <Card>
      <CardHeader title="Configuration" description={`Saving makes revision r${deployment.revision + 1}, which takes all the traffic.`} />
      <form
        className="flex flex-col gap-4 p-5"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const bad = configProblem(values);
          setProblem(bad);
          if (bad || !dirty) return;
          update.mutate({ config: changes }, { onSuccess: (d) => toast.success(`Saved as revision r${d.revision}`) });
        }}
      >
        <ConfigFields values={values} onChange={setValues} problem={problem} />
        <FormError error={update.error} />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={!dirty} loading={update.isPending}>
            Save as a new revision
          </Button>
          <Button disabled={!dirty} onClick={() => setValues(configValues(deployment.config))}>
            Discard changes
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** Change how a deployment runs, stop or start it, download its manifests, delete it. */
export function SettingsPanel({ deployment, deploymentRef, projectBase, canDeploy }: { deployment: Deployment; deploymentRef: DeploymentRef; projectBase: string; canDeploy: boolean }) {
  const stop = useStopDeployment(deploymentRef);
  const start = useStartDeployment(deploymentRef);
  const remove = useDeleteDeployment(deploymentRef);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const stopped = deployment.status.state === "stopped" || deployment.status.state === "stopping";

  return (
    <div className="flex flex-col gap-6">
      {canDeploy && <ConfigForm key={deployment.revision} deployment={deployment} deploymentRef={deploymentRef} />}
      <Card>
        <CardHeader title="Serving" description="Stopping ends the workers; calls answer 503 until it starts again." />
        <div className="flex flex-wrap gap-2 p-5">
          {canDeploy &&
            (stopped ? (
              <Button onClick={() => start.mutate(undefined, { onSuccess: () => toast.success("Starting") })} loading={start.isPending}>
                Start
              </Button>
            ) : (
              <Button onClick={() => stop.mutate(undefined, { onSuccess: () => toast.success("Stopping") })} loading={stop.isPending}>
                Stop
              </Button>
            ))}
          <Button onClick={() => downloadFile(`${deploymentPath(deploymentRef)}/manifests`, `${deployment.name}.yaml`).catch(toastError)}>Download Kubernetes manifests</Button>
        </div>
      </Card>
      {canDeploy && (
        <Card className="border-danger/40">
          <CardHeader title="Delete this deployment" description="Its workers stop, its URL stops answering, and its revisions, events and logs are deleted." />
          <div className="p-5">
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete deployment
            </Button>
          </div>
        </Card>
      )}
      <ConfirmDialog
        open={deleting}
        onOpenChange={(o) => {
          setDeleting(o);
          if (!o) remove.reset();
        }}
        title={`Delete ${deployment.name}?`}
        description="Clients calling it will get 404. This cannot be undone."
        confirmLabel="Delete"
        typedConfirmation={deployment.name}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success(`Deleted ${deployment.name}`);
              void navigate(`${projectBase}/deployments`);
            },
          })
        }
      />
    </div>
  );
}
