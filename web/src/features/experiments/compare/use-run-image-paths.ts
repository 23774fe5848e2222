import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { trackingKeys, type ProjectRef } from "../api/experiment-queries";
import { isImagePath } from "./image-artifacts";

// The listing API answers one folder at a time, so a run's tree is walked folder by folder. Bounded,
// because a logged model can hold deep folders of files that are never images worth comparing.
const MAX_DEPTH = 4;
const MAX_FOLDERS = 40;

async function listImagePaths(p: ProjectRef, runId: string): Promise<string[]> {
  const images: string[] = [];
  const queue: Array<{ path: string; depth: number }> = [{ path: "", depth: 0 }];
  for (let folders = 0; queue.length > 0 && folders < MAX_FOLDERS; folders++) {
    const { path, depth } = queue.shift()!;
    const listing = await unwrap(
      api.GET("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts", { params: { path: { ...p, run_id: runId }, query: path ? { path } : {} } }),
    );
    for (const e of listing.items) {
      if (e.is_dir) {
        if (depth + 1 < MAX_DEPTH) queue.push({ path: e.path, depth: depth + 1 });
      } else if (isImagePath(e.path)) images.push(e.path);
    }
  }
  return images;
}

/** Each run's image artifact paths (png, jpg, gif, webp, svg), walked breadth first through its folders. */
export function useRunImagePaths(p: ProjectRef, runIds: string[]) {
  return useQueries({
    queries: runIds.map((id) => ({
      queryKey: [...trackingKeys.runs(p), id, "artifacts", "images"],
      queryFn: () => listImagePaths(p, id),
      staleTime: 60_000,
    })),
  });
}
