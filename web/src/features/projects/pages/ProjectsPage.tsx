import { FolderPlus, Plus } from "lucide-react";
import { useSearchParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { CursorPagination } from "@/components/ui/Pagination";
import { useCurrentOrg } from "@/lib/current-org";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useProjects, type ProjectSort } from "../api/project-queries";
import { ProjectsTable } from "../components/ProjectsTable";
import { ProjectsToolbar, type VisibilityFilter } from "../components/ProjectsToolbar";

const PAGE_SIZE = 25;

export function ProjectsPage() {
  const org = useCurrentOrg();
  // Filters live in the URL, so a filtered list can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const visibility = (params.get("visibility") ?? "all") as VisibilityFilter;
  const sort = (params.get("sort") ?? "name") as ProjectSort;
  const q = useDebouncedValue(search.trim());
  const pages = useCursorPages(`${q}|${visibility}|${sort}`);

  const setParam = (key: string, value: string, fallback: string) =>
    setParams(
      (p) => {
        if (value === fallback) p.delete(key);
        else p.set(key, value);
        return p;
      },
      { replace: true },
    );

  const projects = useProjects(org.slug, {
    ...(q ? { q } : {}),
    ...(visibility !== "all" ? { visibility } : {}),
    sort,
    limit: PAGE_SIZE,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  });
  const filtered = !!q || visibility !== "all";
  const canCreate = org.role !== "viewer";

  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project holds experiments, runs and registered models."
        actions={
          canCreate && (
            <ButtonLink variant="primary" to={`/o/${org.slug}/projects/new`}>
              <Plus className="size-4" aria-hidden="true" /> New project
            </ButtonLink>
          )
        }
      />
      <Card>
        <ProjectsToolbar
          search={search}
          onSearchChange={(v) => setParam("q", v, "")}
          visibility={visibility}
          onVisibilityChange={(v) => setParam("visibility", v, "all")}
          sort={sort}
          onSortChange={(v) => setParam("sort", v, "name")}
        />
        <QueryBoundary
          query={projects}
          empty={
            filtered ? (
              <EmptyState title="No matching projects" description="Try another search, or show all projects." />
            ) : (
              <EmptyState
                icon={<FolderPlus className="size-8" />}
                title="No projects yet"
                description={
                  canCreate
                    ? "Create a project to start logging runs with the MLflow client and registering models."
                    : "You are a viewer: ask a developer or an admin to create a project, or to add you to one."
                }
                action={
                  canCreate && (
                    <ButtonLink variant="primary" to={`/o/${org.slug}/projects/new`}>
                      <Plus className="size-4" aria-hidden="true" /> New project
                    </ButtonLink>
                  )
                }
              />
            )
          }
        >
          {(data) => (
            <div aria-busy={projects.isFetching}>
              <ProjectsTable org={org.slug} projects={data.items} />
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
      </Card>
    </>
  );
}
