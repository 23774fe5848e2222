import { CopyButton } from "@/components/ui/CopyButton";
import type { ProjectRef } from "../api/experiment-queries";

/** How to log runs here with the stock mlflow client: the empty states show it as the next step. */
export function LogRunsSnippet({ projectRef, experimentName }: { projectRef: ProjectRef; experimentName?: string }) {
  const snippet = [
    `export MLFLOW_TRACKING_URI=${window.location.origin}/p/${projectRef.org}/${projectRef.project}`,
    "export MLFLOW_TRACKING_TOKEN=<an API key with read and write scopes>",
    "",
    "python - <<'PY'",
    "import mlflow",
    `mlflow.set_experiment(${JSON.stringify(experimentName ?? "my-experiment")})`,
    "with mlflow.start_run():",
    '    mlflow.log_param("learning_rate", 0.1)',
    "    for step in range(100):",
    '        mlflow.log_metric("loss", 1 / (step + 1), step=step)',
    "PY",
  ].join("\n");
  return (
    <div className="w-full max-w-2xl rounded-md border border-border text-left">
      <div className="flex items-center justify-between border-b border-border px-3 py-1.5">
        <span className="text-xs text-muted">Log a run with the MLflow client (create the key under API keys)</span>
        <CopyButton value={snippet} />
      </div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed">{snippet}</pre>
    </div>
  );
}
