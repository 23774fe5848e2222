import { Link } from "react-router";
import { Card, CardHeader } from "@/components/ui/Card";
import type { ModelVersion } from "../api/model-queries";

/** Where the version came from: its source, the run and experiment (linked to their pages under
 * `projectBase`), and the datasets the run used. */
export function LineageCard({ version, projectBase }: { version: ModelVersion; projectBase: string }) {
  const { source, lineage } = version;
  const run = lineage.run;
  return (
    <Card>
      <CardHeader title="Lineage" />
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 p-5 text-sm">
        <dt className="text-muted">Source</dt>
        <dd>
          {source.type === "upload" && "Uploaded files"}
          {source.type === "run" && (
            <>
              Run artifacts <span className="font-mono text-xs">{source.artifact_path}</span>
            </>
          )}
          {source.type === "logged_model" && (
            <>
              Logged model <span className="font-mono text-xs">{source.logged_model_id}</span>
            </>
          )}
        </dd>
        {run && (
          <>
            <dt className="text-muted">Run</dt>
            <dd>
              <Link to={`${projectBase}/runs/${run.id}`} className="text-accent hover:underline">
                {run.name ?? "unnamed"}
              </Link>{" "}
              <span className="font-mono text-xs text-muted">{run.id}</span>
            </dd>
            <dt className="text-muted">Experiment</dt>
            <dd>
              <Link to={`${projectBase}/experiments/${run.experiment_id}`} className="text-accent hover:underline">
                {run.experiment_name ?? "—"}
              </Link>{" "}
              <span className="font-mono text-xs text-muted">{run.experiment_id}</span>
            </dd>
          </>
        )}
        <dt className="text-muted">Datasets</dt>
        <dd>
          {lineage.datasets.length === 0 ? (
            <span className="text-muted">None recorded</span>
          ) : (
            <ul className="flex flex-col gap-1">
              {lineage.datasets.map((d, i) => (
                <li key={`${d.name}-${d.digest}-${i}`}>
                  {d.name ?? "dataset"} <span className="font-mono text-xs text-muted">{d.digest}</span>
                  {d.source && <div className="truncate text-xs text-muted">{d.source}</div>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </Card>
  );
}
