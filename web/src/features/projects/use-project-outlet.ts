import { useOutletContext } from "react-router";
import type { Project } from "@/lib/api/types";

/** The project loaded by ProjectLayout, for its tab pages. */
export function useProjectOutlet(): Project {
  return useOutletContext<Project>();
}
