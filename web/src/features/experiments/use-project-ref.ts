import { useParams } from "react-router";
import { useCurrentOrg } from "@/lib/current-org";
import type { ProjectRef } from "./api/experiment-queries";

/** The project of the current URL (/o/:org/projects/:project/...), and the link base of its pages. */
export function useProjectRef(): { projectRef: ProjectRef; projectBase: string; canWrite: boolean } {
  const org = useCurrentOrg();
  const { project = "" } = useParams();
  return { projectRef: { org: org.slug, project }, projectBase: `/o/${org.slug}/projects/${project}`, canWrite: org.role !== "viewer" };
}
