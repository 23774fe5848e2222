import { useParams } from "react-router";
import { useCurrentOrg } from "@/lib/current-org";
import type { ProjectRef } from "./api/alert-types";

/** The project of the current URL (/o/:org/projects/:project/alerts/...), the alerts' link base, and whether the user may act. */
export function useAlertsRef(): { projectRef: ProjectRef; projectBase: string; alertsBase: string; canEdit: boolean } {
  const org = useCurrentOrg();
  const { project = "" } = useParams();
  const projectBase = `/o/${org.slug}/projects/${project}`;
  return { projectRef: { org: org.slug, project }, projectBase, alertsBase: `${projectBase}/alerts`, canEdit: org.role !== "viewer" };
}
