import { useParams } from "react-router";
import { useCurrentOrg } from "@/lib/current-org";
import type { MonitorRef, ProjectRef } from "./api/monitor-queries";

/** The project of the current URL (/o/:org/projects/:project/...), its link base, and whether the user may change monitors. */
export function useProjectRef(): { projectRef: ProjectRef; projectBase: string; canEdit: boolean } {
  const org = useCurrentOrg();
  const { project = "" } = useParams();
  return { projectRef: { org: org.slug, project }, projectBase: `/o/${org.slug}/projects/${project}`, canEdit: org.role !== "viewer" };
}

/** The monitor of the current URL (/o/:org/projects/:project/monitoring/:monitor). */
export function useMonitorRef(): { ref: MonitorRef; base: string; projectBase: string; canEdit: boolean } {
  const { projectRef, projectBase, canEdit } = useProjectRef();
  const { monitor = "" } = useParams();
  return { ref: { ...projectRef, monitor }, base: `${projectBase}/monitoring/${encodeURIComponent(monitor)}`, projectBase, canEdit };
}
