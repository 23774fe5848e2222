import { ImageOff } from "lucide-react";
import { TableSkeleton } from "@/components/ui/Skeleton";
import type { ProjectRef } from "../api/experiment-queries";
import { ArtifactThumbnail } from "./ArtifactThumbnail";
import { imageRows } from "./image-artifacts";
import { useRunImagePaths } from "./use-run-image-paths";

interface ImageArtifactsTableProps {
  projectRef: ProjectRef;
  runs: Array<{ id: string; name: string }>;
}

/** The compared runs' image artifacts side by side: a row per artifact path, a column per run. */
export function ImageArtifactsTable({ projectRef, runs }: ImageArtifactsTableProps) {
  const listings = useRunImagePaths(
    projectRef,
    runs.map((r) => r.id),
  );
  if (listings.some((l) => l.isPending)) return <TableSkeleton rows={2} />;
  const failed = listings.filter((l) => l.isError).length;
  const rows = imageRows(listings.map((l) => l.data ?? []));
  return (
    <div className="overflow-x-auto">
      {failed > 0 && <p className="px-4 py-2 text-sm text-danger">The artifacts of {failed === 1 ? "one run" : `${failed} runs`} could not be listed.</p>}
      {rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-muted">None of these runs logged an image (png, jpg, gif, webp or svg).</p>
      ) : (
        <table aria-label="Images by run" className="w-max min-w-full text-left text-sm">
          <thead>
            <tr className="border-b border-border text-xs text-muted">
              <th scope="col" className="px-4 py-2 font-medium">
                Artifact
              </th>
              {runs.map((r) => (
                <th key={r.id} scope="col" className="px-2 py-2 font-medium">
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.path} className="border-b border-border align-top">
                <th scope="row" className="max-w-56 px-4 py-2 font-mono text-xs font-normal break-all">
                  {row.path}
                </th>
                {runs.map((r, i) => (
                  <td key={r.id} className="px-2 py-2">
                    {row.present[i] ? (
                      <ArtifactThumbnail projectRef={projectRef} runId={r.id} runName={r.name} path={row.path} />
                    ) : (
                      <div className="flex h-32 w-40 flex-col items-center justify-center gap-1 rounded border border-dashed border-border text-xs text-muted">
                        <ImageOff className="size-4" aria-hidden="true" />
                        Not logged
                      </div>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
