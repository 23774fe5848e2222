import { Navigate } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Spinner } from "@/components/ui/Spinner";
import { lastOrg } from "@/lib/last-org";
import { useOrgs } from "../api/org-queries";

/** "/": the last organization opened, else the first, else the creation flow. */
export function HomeRedirect() {
  const orgs = useOrgs();
  return (
    <QueryBoundary
      query={orgs}
      loading={
        <div className="flex min-h-screen items-center justify-center" role="status" aria-label="Loading">
          <Spinner className="size-6" />
        </div>
      }
    >
      {(list) => {
        const remembered = lastOrg();
        const target = list.find((o) => o.slug === remembered) ?? list[0];
        return <Navigate to={target ? `/o/${target.slug}` : "/orgs/new"} replace />;
      }}
    </QueryBoundary>
  );
}
