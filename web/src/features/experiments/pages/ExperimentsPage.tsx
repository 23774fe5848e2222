import { FlaskConical, Plus } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { CursorPagination } from "@/components/ui/Pagination";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useUrlParams } from "@/lib/use-url-params";
import {
  useCreateExperiment,
  useDeleteExperiment,
  useExperiments,
  useRestoreExperiment,
  useUpdateExperiment,
  type Experiment,
  type ExperimentSort,
  type TrackingView,
} from "../api/experiment-queries";
import { ExperimentDialog } from "../components/ExperimentDialog";
import { ExperimentsTable } from "../components/ExperimentsTable";
import { ExperimentsToolbar } from "../components/ExperimentsToolbar";
import { LogRunsSnippet } from "../components/LogRunsSnippet";
import { useProjectRef } from "../use-project-ref";

/** The experiments of one project: search, sort, create, rename/describe, delete and restore. */
export function ExperimentsPage() {
  const { projectRef, projectBase, canWrite } = useProjectRef();
  const navigate = useNavigate();
  const [params, updateParams] = useUrlParams();
  const search = params.get("q") ?? "";
  const view = (params.get("view") ?? "active") as TrackingView;
  const sort = (params.get("sort") ?? "-created_at") as ExperimentSort;
  const q = useDebouncedValue(search.trim());
  const pages = useCursorPages(`${q}|${view}|${sort}`);
  const experiments = useExperiments(projectRef, { ...(q ? { q } : {}), view, sort, limit: 25, ...(pages.cursor ? { cursor: pages.cursor } : {}) });
  const create = useCreateExperiment(projectRef);
  const update = useUpdateExperiment(projectRef);
  const remove = useDeleteExperiment(projectRef);
  const restore = useRestoreExperiment(projectRef);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Experiment | null>(null);
  const [deleting, setDeleting] = useState<Experiment | null>(null);
  const base = `${projectBase}/experiments`;

  const setParam = (key: string, value: string, fallback: string) => updateParams({ [key]: value }, { [key]: fallback });
  const createButton = canWrite && (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden="true" /> New experiment
    </Button>
  );

  return (
    <Card>
      <CardHeader title="Experiments" description="Runs are grouped in experiments; open one to search, sort and compare its runs." actions={createButton} />
      <ExperimentsToolbar
        search={search}
        onSearch={(v) => setParam("q", v, "")}
        view={view}
        onView={(v) => setParam("view", v, "active")}
        sort={sort}
        onSort={(v) => setParam("sort", v, "-created_at")}
      />
      <QueryBoundary
        query={experiments}
        empty={
          q || view !== "active" ? (
            <EmptyState title="No matching experiments" description="Try another name, or show the active experiments." />
          ) : (
            <EmptyState
              icon={<FlaskConical className="size-8" />}
              title="No experiments yet"
              description="Create one here, or let the MLflow client create it when it logs the first run."
              action={
                <div className="flex flex-col items-center gap-4">
                  {createButton}
                  <LogRunsSnippet projectRef={projectRef} />
                </div>
              }
            />
          )
        }
      >
        {(data) => (
          <div aria-busy={experiments.isFetching}>
            <ExperimentsTable
              base={base}
              experiments={data.items}
              canWrite={canWrite}
              onEdit={setEditing}
              onDelete={setDeleting}
              onRestore={(e) => restore.mutate(e.id, { onSuccess: () => toast.success(`${e.name} restored`) })}
            />
            <CursorPagination
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              hasNext={!!data.next_cursor}
              onPrevious={pages.previous}
              onNext={() => pages.next(data.next_cursor)}
            />
          </div>
        )}
      </QueryBoundary>
      <ExperimentDialog
        open={creating}
        onOpenChange={setCreating}
        title="New experiment"
        submitLabel="Create experiment"
        initial={{ name: "", description: "" }}
        pending={create.isPending}
        error={create.error}
        onSubmit={(v) => create.mutateAsync(v).then((e) => navigate(`${base}/${e.id}`))}
      />
      <ExperimentDialog
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        title="Rename or describe the experiment"
        submitLabel="Save"
        initial={{ name: editing?.name ?? "", description: editing?.description ?? "" }}
        pending={update.isPending}
        error={update.error}
        onSubmit={(v) => update.mutateAsync({ id: editing!.id, ...v }).then(() => toast.success("Experiment saved"))}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? ""}?`}
        description="The experiment and its runs are marked deleted; you can restore them from the deleted experiments."
        confirmLabel="Delete experiment"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast.success(`${deleting.name} deleted`);
              setDeleting(null);
            },
          })
        }
      />
    </Card>
  );
}
