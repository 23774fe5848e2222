import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";
import { downloadFile } from "@/lib/api/download";
import { formatBytes } from "@/lib/format-bytes";
import { toastError } from "@/lib/toast-error";
import type { ProjectRef } from "../api/experiment-queries";
import { prettyJson, previewKind } from "./artifact-kind";
import { BlobImage } from "./BlobImage";
import { CsvPreview } from "./CsvPreview";
import { artifactPath, fetchArtifact } from "./fetch-artifact";

interface ArtifactPreviewProps {
  projectRef: ProjectRef;
  runId: string;
  entry: { path: string; name: string; size: number | null };
}

/** A preview of one file (image, JSON, CSV or text; never rendered HTML) with its download button. */
export function ArtifactPreview({ projectRef, runId, entry }: ArtifactPreviewProps) {
  const kind = previewKind(entry.name, entry.size);
  const content = useQuery({
    queryKey: ["orgs", projectRef.org, "projects", projectRef.project, "runs", runId, "artifact", entry.path],
    queryFn: async () => {
      const blob = await fetchArtifact(projectRef, runId, entry.path);
      return { blob, text: kind === "image" ? "" : await blob.text() };
    },
    enabled: kind !== "none",
    staleTime: Infinity,
  });

  return (
    <div className="flex flex-col gap-3 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-mono text-xs break-all">
          {entry.path} {entry.size !== null && <span className="text-muted">({formatBytes(entry.size)})</span>}
        </span>
        <Button size="sm" onClick={() => void downloadFile(artifactPath(projectRef, runId, entry.path), entry.name).catch(toastError)}>
          <Download className="size-3.5" aria-hidden="true" /> Download
        </Button>
      </div>
      {kind === "none" ? (
        <p className="py-6 text-center text-sm text-muted">No preview for this kind of file (or it is too large); download it to open it.</p>
      ) : (
        <QueryBoundary query={content} loading={<Skeleton className="h-40" />} errorTitle="Could not load the preview">
          {({ blob, text }) =>
            kind === "image" ? (
              <BlobImage blob={blob} alt={entry.name} className="max-h-[28rem] max-w-full self-start object-contain" />
            ) : kind === "csv" ? (
              <CsvPreview text={text} name={entry.name} />
            ) : (
              <pre className="max-h-[28rem] overflow-auto rounded-md bg-subtle p-3 font-mono text-xs leading-relaxed" tabIndex={0} aria-label={`Contents of ${entry.name}`}>
                {kind === "json" ? prettyJson(text) : text}
              </pre>
            )
          }
        </QueryBoundary>
      )}
    </div>
  );
}
