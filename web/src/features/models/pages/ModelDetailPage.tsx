import { GitCompare, Pencil, Trash2, Upload } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { CursorPagination } from "@/components/ui/Pagination";
import { Skeleton, TableSkeleton } from "@/components/ui/Skeleton";
import { useCurrentOrg } from "@/lib/current-org";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useDeleteModel, useModel, useModelVersions } from "../api/model-queries";
import { AliasesCard } from "../components/AliasesCard";
import { ModelDescription } from "../components/DescriptionNote";
import { EditModelDialog } from "../components/EditModelDialog";
import { StageHistory } from "../components/StageHistory";
import { UploadVersionDialog } from "../components/UploadVersionDialog";
import { VersionsTable } from "../components/VersionsTable";
import { useModelRef } from "../use-model-ref";

const MAX_COMPARE = 10;

export function ModelDetailPage() {
  const org = useCurrentOrg();
  const { modelRef, base, projectBase } = useModelRef();
  const navigate = useNavigate();
  const model = useModel(modelRef);
  const pages = useCursorPages(modelRef.model);
  const versions = useModelVersions(modelRef, pages.cursor);
  const remove = useDeleteModel(modelRef);
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const canWrite = org.role !== "viewer";

  const toggle = (v: number) => setSelected((s) => (s.includes(v) ? s.filter((x) => x !== v) : s.length < MAX_COMPARE ? [...s, v] : s));

  return (
    <QueryBoundary
      query={model}
      loading={<Skeleton className="h-64" />}
      notFound={
        <NotFoundState title="Model not found" description="It may have been renamed or deleted." backTo={`${projectBase}/models`} backLabel="All models" />
      }
    >
      {(m) => (
        <div className="flex flex-col gap-6">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <Link to={`${projectBase}/models`} className="text-sm text-muted hover:text-fg hover:underline">
                Models
              </Link>
              <h2 className="mt-1 flex flex-wrap items-center gap-2 text-lg font-semibold wrap-anywhere">
                {m.name} {m.framework && <Badge>{m.framework}</Badge>}
              </h2>
              <div className="mt-1 max-w-2xl">
                <ModelDescription modelRef={modelRef} text={m.description} canWrite={canWrite} />
              </div>
              {Object.keys(m.tags).length > 0 && (
                <div className="mt-2 flex flex-wrap gap-1">
                  {Object.entries(m.tags).map(([k, v]) => (
                    <Badge key={k}>
                      {k}={v}
                    </Badge>
                  ))}
                </div>
              )}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button disabled={selected.length < 2} onClick={() => navigate(`${base}/compare?versions=${[...selected].sort((a, b) => a - b).join(",")}`)}>
                <GitCompare className="size-4" aria-hidden="true" /> Compare{selected.length >= 2 ? ` ${selected.length}` : ""}
              </Button>
              {canWrite && (
                <Button variant="primary" onClick={() => setUploading(true)}>
                  <Upload className="size-4" aria-hidden="true" /> Upload version
                </Button>
              )}
              {canWrite && (
                <Button variant="ghost" aria-label="Edit model" onClick={() => setEditing(true)}>
                  <Pencil className="size-4" />
                </Button>
              )}
              {canWrite && (
                <Button variant="ghost" aria-label="Delete model" onClick={() => setDeleting(true)}>
                  <Trash2 className="size-4" />
                </Button>
              )}
            </div>
          </div>
          {/* minmax(0, …): a wide table scrolls inside its card instead of pushing the aliases column off-screen. */}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
            <Card>
              <CardHeader title="Versions" description="Tick two to ten versions to compare them." />
              <QueryBoundary
                query={versions}
                loading={<TableSkeleton rows={3} />}
                empty={
                  <EmptyState
                    title="No versions yet"
                    description="Upload the model's files (an MLflow model folder, or ONNX, XGBoost, pickle files), or register a run's model with the MLflow client."
                    action={canWrite && <Button variant="primary" onClick={() => setUploading(true)}>Upload version</Button>}
                  />
                }
              >
                {(data) => (
                  <>
                    <VersionsTable base={base} versions={data.items} selected={selected} onToggle={toggle} />
                    <CursorPagination page={pages.page} hasPrevious={pages.hasPrevious} hasNext={!!data.next_cursor} onPrevious={pages.previous} onNext={() => pages.next(data.next_cursor)} />
                  </>
                )}
              </QueryBoundary>
            </Card>
            <div className="flex flex-col gap-6">
              <AliasesCard modelRef={modelRef} aliases={m.aliases} canWrite={canWrite} latest={m.latest_version} deployBase={`${projectBase}/deployments/new`} />
              <StageHistory modelRef={modelRef} />
            </div>
          </div>
          <UploadVersionDialog modelRef={modelRef} base={base} open={uploading} onOpenChange={setUploading} />
          {editing && <EditModelDialog modelRef={modelRef} model={m} modelsBase={`${projectBase}/models`} open onOpenChange={setEditing} />}
          <ConfirmDialog
            open={deleting}
            onOpenChange={setDeleting}
            title={`Delete ${m.name}?`}
            description="All its versions and aliases go; files uploaded to the registry are deleted. Runs keep their own files."
            typedConfirmation={m.name}
            confirmLabel="Delete model"
            pending={remove.isPending}
            error={remove.error}
            onConfirm={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  toast.success(`${m.name} deleted`);
                  navigate(`${projectBase}/models`, { replace: true });
                },
              })
            }
          />
        </div>
      )}
    </QueryBoundary>
  );
}
