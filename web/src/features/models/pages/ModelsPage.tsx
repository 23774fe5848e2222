import { Boxes, Plus } from "lucide-react";
import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { CursorPagination } from "@/components/ui/Pagination";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { useCurrentOrg } from "@/lib/current-org";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useModels, type ModelSort, type ModelStage } from "../api/model-queries";
import { ModelsGrid } from "../components/ModelsGrid";
import { ModelsTable } from "../components/ModelsTable";
import { ModelsToolbar, type ModelsView } from "../components/ModelsToolbar";
import { RegisterModelDialog } from "../components/RegisterModelDialog";

const VIEW_KEY = "cairn.modelsView";

/** The registry of one project: its models as cards or a table. */
export function ModelsPage() {
  const org = useCurrentOrg();
  const { project = "" } = useParams();
  const base = `/o/${org.slug}/projects/${project}/models`;
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const stage = (params.get("stage") ?? "") as ModelStage | "";
  const framework = params.get("framework") ?? "";
  const sort = (params.get("sort") ?? "-updated_at") as ModelSort;
  const [view, setView] = useState<ModelsView>(() => (localStorage.getItem(VIEW_KEY) as ModelsView | null) ?? "grid");
  const [registering, setRegistering] = useState(false);
  const q = useDebouncedValue(search.trim());
  const pages = useCursorPages(`${q}|${stage}|${framework}|${sort}`);
  const models = useModels(org.slug, project, {
    ...(q ? { q } : {}),
    ...(stage ? { stage } : {}),
    ...(framework ? { framework } : {}),
    sort,
    limit: 24,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  });

  const setParam = (key: string, value: string, fallback = "") =>
    setParams(
      (p) => {
        if (value === fallback) p.delete(key);
        else p.set(key, value);
        return p;
      },
      { replace: true },
    );
  const canWrite = org.role !== "viewer";
  const filtered = !!(q || stage || framework);
  const registerButton = canWrite && (
    <Button variant="primary" onClick={() => setRegistering(true)}>
      <Plus className="size-4" aria-hidden="true" /> Register model
    </Button>
  );

  return (
    <Card>
      <CardHeader title="Models" description="Registered models of this project, their versions and stages." actions={registerButton} />
      <ModelsToolbar
        search={search}
        onSearch={(v) => setParam("q", v)}
        stage={stage}
        onStage={(v) => setParam("stage", v)}
        framework={framework}
        onFramework={(v) => setParam("framework", v)}
        seenFrameworks={(models.data?.items ?? []).map((m) => m.framework).filter(Boolean)}
        sort={sort}
        onSort={(v) => setParam("sort", v, "-updated_at")}
        view={view}
        onView={(v) => {
          localStorage.setItem(VIEW_KEY, v);
          setView(v);
        }}
      />
      <QueryBoundary
        query={models}
        loading={<TableSkeleton rows={4} />}
        empty={
          filtered ? (
            <EmptyState title="No matching models" description="Try other words, or clear the stage and framework filters." />
          ) : (
            <EmptyState
              icon={<Boxes className="size-8" />}
              title="No models registered yet"
              description="Register a model, then upload its files as a version — or register one from a run with mlflow.register_model."
              action={registerButton}
            />
          )
        }
      >
        {(data) => (
          <div aria-busy={models.isFetching}>
            {view === "grid" ? <ModelsGrid base={base} models={data.items} /> : <ModelsTable base={base} models={data.items} />}
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
      <RegisterModelDialog org={org.slug} project={project} base={base} open={registering} onOpenChange={setRegistering} />
    </Card>
  );
}
