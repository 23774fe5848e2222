import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Markdown } from "@/components/markdown/Markdown";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCurrentOrg } from "@/lib/current-org";
import { GUIDES, isGuide, linkGuides, loadGuide } from "../guides";

/** A user guide (docs/*.md, bundled), with the list of the others beside it. */
export function GuidePage() {
  const org = useCurrentOrg();
  const { page = "" } = useParams();
  const known = isGuide(page);
  const text = useQuery({ queryKey: ["guide", page], queryFn: () => loadGuide(page as keyof typeof GUIDES), enabled: known, staleTime: Infinity });
  if (!known) return <NotFoundState title="Guide not found" description="There is no guide by that name." backTo={`/o/${org.slug}/guide/getting-started`} backLabel="Getting started" />;
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_14rem]">
      <article aria-label={GUIDES[page]}>
        {text.data ? <Markdown text={linkGuides(text.data, org.slug)} /> : <Skeleton className="h-96" />}
      </article>
      <nav aria-label="Guides" className="flex flex-col gap-1 text-sm lg:sticky lg:top-6 lg:self-start">
        <h2 className="mb-1 text-xs font-semibold text-muted uppercase">Guides</h2>
        {(Object.keys(GUIDES) as Array<keyof typeof GUIDES>).map((name) => (
          <Link key={name} to={`/o/${org.slug}/guide/${name}`} aria-current={name === page ? "page" : undefined} className={name === page ? "font-medium" : "text-muted hover:text-fg"}>
            {GUIDES[name]}
          </Link>
        ))}
      </nav>
    </div>
  );
}
