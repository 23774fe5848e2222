import { ChevronRight } from "lucide-react";
import { Link, NavLink, Outlet, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/cn";
import { useCurrentOrg } from "@/lib/current-org";
import { useProject } from "../api/project-queries";
import { VisibilityBadge } from "../components/VisibilityBadge";
import { projectTabs } from "../components/project-tabs";

/** A project's header and tabs; the tab's page renders below. */
export function ProjectLayout() {
  const org = useCurrentOrg();
  const { project: slug = "" } = useParams();
  const project = useProject(org.slug, slug);
  const base = `/o/${org.slug}/projects/${slug}`;

  return (
    <QueryBoundary
      query={project}
      loading={
        <div role="status" aria-label="Loading">
          <Skeleton className="mb-3 h-4 w-40" />
          <Skeleton className="mb-6 h-8 w-72" />
          <Skeleton className="h-48" />
        </div>
      }
      notFound={
        <NotFoundState title="Project not found" description="It does not exist, was deleted, or is private and you are not one of its members." backTo={`/o/${org.slug}/projects`} backLabel="All projects" />
      }
    >
      {(p) => (
        <>
          <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted">
            <Link to={`/o/${org.slug}/projects`} className="hover:text-fg hover:underline">
              Projects
            </Link>
            <ChevronRight className="size-3.5" aria-hidden="true" />
            <span className="text-fg">{p.name}</span>
          </nav>
          <div className="mb-4 flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight">{p.name}</h1>
            <VisibilityBadge visibility={p.visibility} />
          </div>
          <nav aria-label="Project" className="mb-6 flex gap-1 overflow-x-auto border-b border-border">
            {projectTabs.map((tab) => (
              <NavLink
                key={tab.label}
                to={tab.to ? `${base}/${tab.to}` : base}
                end={!tab.to}
                className={({ isActive }) =>
                  cn(
                    "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                    isActive ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg",
                  )
                }
              >
                {tab.label}
              </NavLink>
            ))}
          </nav>
          <Outlet context={p} />
        </>
      )}
    </QueryBoundary>
  );
}
