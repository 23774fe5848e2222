import { Boxes, FlaskConical, Play, Rocket } from "lucide-react";
import { Card, CardHeader } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { ErrorState } from "@/components/ui/ErrorState";
import { useCurrentOrg } from "@/lib/current-org";
import { formatDateTime } from "@/lib/format";
import { useProjectStats } from "../api/project-queries";
import { StatCard } from "../components/StatCard";
import { useProjectOutlet } from "../use-project-outlet";

export function ProjectOverviewPage() {
  const org = useCurrentOrg();
  const project = useProjectOutlet();
  const stats = useProjectStats(org.slug, project.slug);
  const trackingUri = `${window.location.origin}/p/${org.slug}/${project.slug}`;
  const snippet = `export MLFLOW_TRACKING_URI=${trackingUri}\nexport MLFLOW_TRACKING_TOKEN=<an API key with read and write scopes>`;

  return (
    <div className="flex flex-col gap-6">
      {stats.isError ? (
        <Card>
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} title="Could not load the statistics" />
        </Card>
      ) : (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <StatCard label="Experiments" value={stats.data?.experiments} icon={<FlaskConical className="size-4" />} to="experiments" />
          <StatCard label="Runs" value={stats.data?.runs} icon={<Play className="size-4" />} />
          <StatCard label="Models" value={stats.data?.models} icon={<Boxes className="size-4" />} to="models" />
          <StatCard label="Deployments" value={stats.data?.deployments} icon={<Rocket className="size-4" />} to="deployments" />
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader
            title="Log runs with the MLflow client"
            description="Point the stock mlflow client at this project; create the key under API keys."
            actions={<CopyButton value={snippet} />}
          />
          <pre className="overflow-x-auto p-5 font-mono text-xs leading-relaxed">{snippet}</pre>
        </Card>
        <Card>
          <CardHeader title="About" />
          <dl className="flex flex-col gap-3 p-5 text-sm">
            <div>
              <dt className="text-muted">Description</dt>
              <dd className="mt-0.5">{project.description || "No description yet. Add one in Settings."}</dd>
            </div>
            <div>
              <dt className="text-muted">Created</dt>
              <dd className="mt-0.5">{formatDateTime(project.created_at)}</dd>
            </div>
            <div>
              <dt className="text-muted">Updated</dt>
              <dd className="mt-0.5">{formatDateTime(project.updated_at)}</dd>
            </div>
          </dl>
        </Card>
      </div>
    </div>
  );
}
