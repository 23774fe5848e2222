import { useParams } from "react-router";
import { useCurrentOrg } from "@/lib/current-org";
import type { ModelRef } from "./api/model-queries";

/** The model of the current URL (/o/:org/projects/:project/models/:model/...) and the link base of its pages. */
export function useModelRef(): { modelRef: ModelRef; base: string; projectBase: string } {
  const org = useCurrentOrg();
  const { project = "", model = "" } = useParams();
  const projectBase = `/o/${org.slug}/projects/${project}`;
  return { modelRef: { org: org.slug, project, model }, base: `${projectBase}/models/${encodeURIComponent(model)}`, projectBase };
}
