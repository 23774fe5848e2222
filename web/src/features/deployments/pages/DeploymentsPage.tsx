import { Rocket } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { useIsOrgAdmin } from "@/lib/current-org";
import { useDeployments, useEnvironments, type Deployment, type Environment } from "../api/deployment-queries";
import { DeploymentsTable } from "../components/DeploymentsTable";
import { EnvironmentsCard } from "../components/EnvironmentsCard";
import { useProjectRef } from "../use-deployment-ref";

/** Environments in their order (development, staging, production, then added ones) with their deployments. */
function groupByEnvironment(environments: Environment[], deployments: Deployment[]): Array<[string, Deployment[]]> {
  const names = [...environments.map((e) => e.name), ...deployments.map((d) => d.environment)];
  return [...new Set(names)].map((name) => [name, deployments.filter((d) => d.environment === name)] as [string, Deployment[]]).filter(([, list]) => list.length > 0);
}

/** A project's deployments, by environment, with their state and live traffic. */
export function DeploymentsPage() {
  const { projectRef, projectBase, canDeploy } = useProjectRef();
  const isAdmin = useIsOrgAdmin();
  const deployments = useDeployments(projectRef);
  const environments = useEnvironments(projectRef);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="max-w-2xl text-sm text-muted">
          A deployment serves a registered model version over HTTP, with revisions you can roll back, traffic splits, logs and live metrics.
        </p>
        {canDeploy && (
          <ButtonLink to={`${projectBase}/deployments/new`} variant="primary">
            <Rocket className="size-4" aria-hidden="true" /> Deploy a model
          </ButtonLink>
        )}
      </div>
      <QueryBoundary
        query={deployments}
        errorTitle="Could not load the deployments"
        empty={
          <Card>
            <EmptyState
              icon={<Rocket className="size-6" />}
              title="No deployments yet"
              description="A deployment runs a registered model version behind a stable URL that answers predictions (MLflow's scoring protocol and KServe/Triton's). Open a version or an alias in the registry and press Deploy."
              link={{ to: `${projectBase}/models`, label: "Go to the model registry" }}
            />
          </Card>
        }
      >
        {(list) =>
          groupByEnvironment(environments.data ?? [], list).map(([env, items]) => (
            <Card key={env}>
              <CardHeader title={env} description={environments.data?.find((e) => e.name === env)?.description || undefined} />
              <DeploymentsTable environment={env} deployments={items} projectRef={projectRef} projectBase={projectBase} />
            </Card>
          ))
        }
      </QueryBoundary>
      {environments.data && <EnvironmentsCard environments={environments.data} projectRef={projectRef} canManage={isAdmin} />}
    </div>
  );
}
