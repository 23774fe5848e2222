import { Activity } from "lucide-react";
import { Link } from "react-router";
import { useDeploymentMonitor, type DeploymentRef } from "../api/deployment-queries";

/** The deployment's monitoring dashboard, once its monitor is known (nothing when the user may not see it). */
export function MonitoringLink({ deploymentRef, projectBase }: { deploymentRef: DeploymentRef; projectBase: string }) {
  const monitor = useDeploymentMonitor(deploymentRef);
  if (!monitor.data) return null;
  return (
    <Link
      to={`${projectBase}/monitoring/${encodeURIComponent(monitor.data.name)}`}
      className="-mb-px ml-auto flex items-center gap-1.5 border-b-2 border-transparent px-3 py-2 text-sm whitespace-nowrap text-muted hover:text-fg"
    >
      <Activity className="size-3.5" aria-hidden="true" /> Monitoring
    </Link>
  );
}
