import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Dialog } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { useInView } from "@/lib/use-in-view";
import type { ProjectRef } from "../api/experiment-queries";
import { BlobImage } from "../artifacts/BlobImage";
import { fetchArtifact } from "../artifacts/fetch-artifact";

interface ArtifactThumbnailProps {
  projectRef: ProjectRef;
  runId: string;
  runName: string;
  path: string;
}

/** One run's image as a thumbnail, fetched once it nears the screen; a click opens it full size. */
export function ArtifactThumbnail({ projectRef, runId, runName, path }: ArtifactThumbnailProps) {
  const box = useRef<HTMLDivElement>(null);
  const seen = useInView(box);
  const [open, setOpen] = useState(false);
  const image = useQuery({
    // The same key as the artifact preview's, so an image seen on the run's page is not fetched again.
    queryKey: ["orgs", projectRef.org, "projects", projectRef.project, "runs", runId, "artifact", path],
    queryFn: async () => ({ blob: await fetchArtifact(projectRef, runId, path), text: "" }),
    enabled: seen,
    staleTime: Infinity,
  });
  const name = `${path} of ${runName}`;
  return (
    <div ref={box} className="h-32 w-40">
      {image.isError ? (
        <p className="text-xs text-danger">Could not load the image.</p>
      ) : !image.data ? (
        <Skeleton className="h-full w-full" />
      ) : (
        <>
          <button type="button" className="h-full w-full rounded hover:ring-2 hover:ring-accent" aria-label={`Enlarge ${name}`} onClick={() => setOpen(true)}>
            <BlobImage blob={image.data.blob} alt={name} className="h-full w-full object-contain" />
          </button>
          <Dialog open={open} onOpenChange={setOpen} title={path} description={runName}>
            <BlobImage blob={image.data.blob} alt={name} className="max-h-[75vh] w-full object-contain" />
          </Dialog>
        </>
      )}
    </div>
  );
}
