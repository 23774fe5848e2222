import { Link, useNavigate, useSearchParams } from "react-router";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { useAliasTarget, useCreateDeployment, useEnvironments } from "../api/deployment-queries";
import { DeployForm, type DeployFormInitial } from "../components/DeployForm";
import { useProjectRef } from "../use-deployment-ref";

/** The source the URL names: ?model=churn&version=3, ?model=churn&alias=champion or ?model=churn&stage=production. */
function initialFrom(params: URLSearchParams): DeployFormInitial {
  const model = params.get("model") ?? "";
  const alias = params.get("alias");
  const stage = params.get("stage");
  if (alias) return { model, kind: "alias", value: alias };
  if (stage === "staging" || stage === "production") return { model, kind: "stage", value: stage };
  return { model, kind: "version", value: params.get("version") ?? "" };
}

/** Deploy a model: the registry's Deploy buttons link here with the model and version or alias. */
export function NewDeploymentPage() {
  const { projectRef, projectBase, canDeploy } = useProjectRef();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const initial = initialFrom(params);
  const environments = useEnvironments(projectRef);
  const aliasTarget = useAliasTarget(projectRef, initial.model, initial.kind === "alias" ? initial.value : null);
  const create = useCreateDeployment(projectRef);

  if (!canDeploy) {
    return (
      <EmptyState
        title="You cannot deploy in this project"
        description="Viewers see deployments but do not create them. Ask an admin for the developer role."
        link={{ to: `${projectBase}/deployments`, label: "Deployments" }}
      />
    );
  }
  return (
    <div>
      <PageHeader
        title="Deploy a model"
        description={
          <>
            Serve a registered model behind the MLflow scoring protocol and the Open Inference Protocol.{" "}
            <Link to={`${projectBase}/models`} className="text-accent underline">
              Browse the registry
            </Link>
          </>
        }
      />
      <QueryBoundary query={environments} errorTitle="Could not load the environments">
        {(envs) => (
          <DeployForm
            initial={initial}
            environments={envs}
            resolvedVersion={aliasTarget.data?.version}
            pending={create.isPending}
            error={create.error}
            onSubmit={(body) =>
              create.mutate(body, {
                onSuccess: (d) => {
                  toast.success(`Deploying ${d.name}`);
                  void navigate(`${projectBase}/deployments/${encodeURIComponent(d.name)}`);
                },
              })
            }
          />
        )}
      </QueryBoundary>
    </div>
  );
}
