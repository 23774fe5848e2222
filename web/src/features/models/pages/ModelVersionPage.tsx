import { ArrowUpCircle, Rocket } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Card, CardHeader } from "@/components/ui/Card";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Notice } from "@/components/ui/Notice";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCurrentOrg } from "@/lib/current-org";
import { formatDateTime } from "@/lib/format";
import { formatBytes } from "@/lib/format-bytes";
import { useModelVersion } from "../api/model-queries";
import { VersionDescription } from "../components/DescriptionNote";
import { FilesCard } from "../components/FilesCard";
import { LineageCard } from "../components/LineageCard";
import { MetricsCard } from "../components/MetricsCard";
import { SignatureCard } from "../components/SignatureCard";
import { StageBadge } from "../components/StageBadge";
import { StageDialog } from "../components/StageDialog";
import { StageHistory } from "../components/StageHistory";
import { useModelRef } from "../use-model-ref";

export function ModelVersionPage() {
  const org = useCurrentOrg();
  const { modelRef, base, projectBase } = useModelRef();
  const number = Number(useParams().version);
  const version = useModelVersion(modelRef, number);
  const [changingStage, setChangingStage] = useState(false);

  return (
    <QueryBoundary
      query={version}
      loading={<Skeleton className="h-64" />}
      notFound={
        <NotFoundState title="Version not found" description="It may have been deleted." backTo={base} backLabel="All versions" />
      }
    >
      {(v) => (
        <div className="flex flex-col gap-6">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <Link to={base} className="text-sm text-muted hover:text-fg hover:underline">
                {v.model_name}
              </Link>
              <h2 className="mt-1 flex flex-wrap items-center gap-2 text-lg font-semibold wrap-anywhere">
                Version {v.version} <StageBadge stage={v.stage} />
                {v.aliases.map((a) => (
                  <Badge key={a} tone="accent">
                    @{a}
                  </Badge>
                ))}
              </h2>
              <div className="mt-1 max-w-2xl">
                <VersionDescription modelRef={modelRef} version={v.version} text={v.description} canWrite={org.role !== "viewer"} />
              </div>
            </div>
            {org.role !== "viewer" && (
              <div className="flex flex-wrap gap-2">
                <ButtonLink to={`${projectBase}/deployments/new?model=${encodeURIComponent(v.model_name)}&version=${v.version}`}>
                  <Rocket className="size-4" aria-hidden="true" /> Deploy
                </ButtonLink>
                <Button variant="primary" onClick={() => setChangingStage(true)}>
                  <ArrowUpCircle className="size-4" aria-hidden="true" /> Change stage
                </Button>
              </div>
            )}
          </div>
          {v.executable_code && (
            <Notice>
              This version holds pickled or joblib files: loading them runs code. Cairn never loads them in the server; load them only if you trust who uploaded them.
            </Notice>
          )}
          {/* minmax(0, …): wide tables scroll inside their cards instead of widening the page. */}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
            <div className="flex flex-col gap-6">
              <Card>
                <CardHeader title="Metadata" />
                <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 sm:grid-cols-[9rem_minmax(0,1fr)] gap-y-2 p-5 text-sm">
                  <dt className="text-muted">Framework</dt>
                  <dd>{v.framework || "—"}</dd>
                  <dt className="text-muted">Flavors</dt>
                  <dd className="font-mono text-xs wrap-anywhere">{Object.keys(v.flavors as Record<string, unknown>).join(", ") || "—"}</dd>
                  <dt className="text-muted">Size</dt>
                  <dd>
                    {formatBytes(v.size_bytes)} in {v.file_count} file{v.file_count === 1 ? "" : "s"}
                  </dd>
                  <dt className="text-muted">Created</dt>
                  <dd>
                    {formatDateTime(v.created_at)} <span className="text-muted">by {v.created_by}</span>
                  </dd>
                  <dt className="text-muted">Load with</dt>
                  <dd className="font-mono text-xs wrap-anywhere">{v.download_uri}</dd>
                  {v.pip_requirements.length > 0 && (
                    <>
                      <dt className="text-muted">Requirements</dt>
                      <dd className="font-mono text-xs wrap-anywhere">{v.pip_requirements.join(", ")}</dd>
                    </>
                  )}
                  {Object.keys(v.tags).length > 0 && (
                    <>
                      <dt className="text-muted">Tags</dt>
                      <dd className="flex flex-wrap gap-1">
                        {Object.entries(v.tags).map(([k, val]) => (
                          <Badge key={k}>
                            {k}={val}
                          </Badge>
                        ))}
                      </dd>
                    </>
                  )}
                </dl>
              </Card>
              <SignatureCard signature={v.signature} />
              <FilesCard modelRef={modelRef} version={v.version} />
            </div>
            <div className="flex flex-col gap-6">
              <MetricsCard metrics={v.metrics} />
              <LineageCard version={v} projectBase={projectBase} />
              <StageHistory modelRef={modelRef} version={v.version} />
            </div>
          </div>
          {changingStage && <StageDialog modelRef={modelRef} version={v} open onOpenChange={setChangingStage} />}
        </div>
      )}
    </QueryBoundary>
  );
}
