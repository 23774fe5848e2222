import { ChevronRight, File, Folder } from "lucide-react";
import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/cn";
import { formatBytes } from "@/lib/format-bytes";
import type { ProjectRef } from "../api/experiment-queries";
import { useRunArtifacts } from "../api/run-queries";
import { ArtifactPreview } from "./ArtifactPreview";

interface Entry {
  path: string;
  name: string;
  is_dir: boolean;
  size: number | null;
}

/** A run's artifacts, one folder at a time, with a preview of the chosen file beside the list. */
export function ArtifactBrowser({ projectRef, runId }: { projectRef: ProjectRef; runId: string }) {
  const [dir, setDir] = useState("");
  const [file, setFile] = useState<Entry | null>(null);
  const listing = useRunArtifacts(projectRef, runId, dir);
  const crumbs = dir ? dir.split("/") : [];

  return (
    <Card>
      <CardHeader title="Artifacts" description="Files the run logged: models, plots, reports." />
      <nav aria-label="Artifact folder" className="flex flex-wrap items-center gap-1 border-b border-border px-4 py-2 text-sm">
        <button type="button" className="text-accent hover:underline" onClick={() => setDir("")}>
          artifacts
        </button>
        {crumbs.map((c, i) => (
          <span key={i} className="flex items-center gap-1">
            <ChevronRight className="size-3.5 text-muted" aria-hidden="true" />
            <button type="button" className="text-accent hover:underline" onClick={() => setDir(crumbs.slice(0, i + 1).join("/"))}>
              {c}
            </button>
          </span>
        ))}
      </nav>
      <QueryBoundary
        query={listing}
        loading={<TableSkeleton rows={3} />}
        empty={<EmptyState title="No artifacts" description="Log files with mlflow.log_artifact(path) or mlflow.log_figure(fig, &quot;plot.png&quot;); they show up here." />}
      >
        {(data) => (
          <div className="grid md:grid-cols-[minmax(12rem,1fr)_2fr]">
            <ul className="border-b border-border md:border-r md:border-b-0" aria-label="Files">
              {data.items.map((e) => (
                <li key={e.path}>
                  <button
                    type="button"
                    aria-current={file?.path === e.path || undefined}
                    className={cn("flex w-full items-center gap-2 px-4 py-2 text-left text-sm hover:bg-subtle", file?.path === e.path && "bg-subtle font-medium")}
                    onClick={() => (e.is_dir ? setDir(e.path) : setFile(e))}
                  >
                    {e.is_dir ? <Folder className="size-4 text-muted" aria-hidden="true" /> : <File className="size-4 text-muted" aria-hidden="true" />}
                    <span className="min-w-0 flex-1 truncate">{e.name}</span>
                    {e.size !== null && <span className="text-xs text-muted">{formatBytes(e.size)}</span>}
                  </button>
                </li>
              ))}
            </ul>
            <div className="min-w-0">
              {file ? (
                <ArtifactPreview key={file.path} projectRef={projectRef} runId={runId} entry={file} />
              ) : (
                <p className="p-6 text-center text-sm text-muted">Choose a file to preview it.</p>
              )}
            </div>
          </div>
        )}
      </QueryBoundary>
    </Card>
  );
}
