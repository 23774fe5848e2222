import { useParams } from "react-router";
import { useCurrentOrg } from "@/lib/current-org";
import type { DeploymentRef, ProjectRef } from "./api/deployment-queries";

/** The project of the current URL (/o/:org/projects/:project/...), its link base, and whether the user may deploy. */
export function useProjectRef(): { projectRef: ProjectRef; projectBase: string; canDeploy: boolean } {
  const org = useCurrentOrg();
  const { project = "" } = useParams();
  return { projectRef: { org: org.slug, project }, projectBase: `/o/${org.slug}/projects/${project}`, canDeploy: org.role !== "viewer" };
}

/** The deployment of the current URL (/o/:org/projects/:project/deployments/:deployment). */
export function useDeploymentRef(): { ref: DeploymentRef; base: string; projectBase: string; canDeploy: boolean } {
  const { projectRef, projectBase, canDeploy } = useProjectRef();
  const { deployment = "" } = useParams();
  return { ref: { ...projectRef, deployment }, base: `${projectBase}/deployments/${encodeURIComponent(deployment)}`, projectBase, canDeploy };
}
