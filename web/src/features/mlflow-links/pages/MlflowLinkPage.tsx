import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { describeTarget, parseMlflowHash } from "../mlflow-hash-route";
import { resolveMlflowLink } from "../resolve-mlflow-link";

/**
 * `/p/:org/:project#/...`: where the links the mlflow client prints land ("View run at",
 * "View experiment at"). Opens the Cairn page of the experiment, run, model or version they name.
 */
export function MlflowLinkPage() {
  const { org = "", project = "" } = useParams();
  const { hash } = useLocation();
  const target = parseMlflowHash(hash);
  const resolved = useQuery({
    queryKey: ["mlflow-link", org, project, target],
    queryFn: () => resolveMlflowLink(org, project, target),
    retry: false,
  });
  return (
    <QueryBoundary
      query={resolved}
      loading={
        <div className="flex min-h-screen items-center justify-center" role="status" aria-label="Opening the MLflow link">
          <Spinner className="size-6" />
        </div>
      }
      errorTitle="Could not open this MLflow link"
      notFound={
        <EmptyState
          title="Nothing to open here"
          description={`This MLflow link names ${describeTarget(target)} in project "${project}" of "${org}", which does not exist or which you cannot see.`}
          link={{ to: "/", label: "Go to the start page" }}
        />
      }
    >
      {(path) => <Navigate to={path} replace />}
    </QueryBoundary>
  );
}
