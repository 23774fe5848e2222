import { Navigate } from "react-router";
import { ErrorState } from "@/components/ui/ErrorState";
import { Spinner } from "@/components/ui/Spinner";
import { lastOrg } from "@/lib/last-org";
import { useOrgs } from "../api/org-queries";

/** "/": the last organization opened, else the first, else the creation flow. */
export function HomeRedirect() {
  const orgs = useOrgs();
  if (orgs.isPending) {
    return (
      <div className="flex min-h-screen items-center justify-center" role="status" aria-label="Loading">
        <Spinner className="size-6" />
      </div>
    );
  }
  if (orgs.isError) return <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />;
  const remembered = lastOrg();
  const target = orgs.data.find((o) => o.slug === remembered) ?? orgs.data[0];
  return <Navigate to={target ? `/o/${target.slug}` : "/orgs/new"} replace />;
}
