import type { Run } from "./api/run-queries";
import { formatMetric } from "./charts/chart-data";
import type { RunColumn } from "./run-columns";

/** A duration in ms as the table shows it: 850ms, 42s, 3m 05s, 2h 07m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}

/** The file a run was started from, without its folders (mlflow.source.name holds the full path). */
function sourceOf(run: Run): string {
  const name = run.tags["mlflow.source.name"] ?? "";
  return name.split(/[\\/]/).pop() ?? "";
}

/** The artifact paths of the models the run logged (MLflow's client records them in mlflow.log-model.history). */
export function loggedModels(run: Run): string[] {
  try {
    const history: unknown = JSON.parse(run.tags["mlflow.log-model.history"] ?? "[]");
    if (!Array.isArray(history)) return [];
    return [...new Set(history.map((h: { artifact_path?: unknown }) => (typeof h?.artifact_path === "string" ? h.artifact_path : "")).filter(Boolean))];
  } catch {
    return [];
  }
}

/** A cell's text; "—" where the run has no value. `now` measures a run still going. */
export function cellText(run: Run, c: RunColumn, now: number): string {
  const dash = (s: string | undefined | null) => (s ? s : "—");
  switch (c.kind) {
    case "params":
      return run.params[c.key] ?? "—";
    case "metrics":
      return formatMetric(run.metrics[c.key]?.value);
    case "tags":
      return run.tags[c.key] ?? "—";
    case "attributes":
      switch (c.key) {
        case "duration":
          return run.start_time ? formatDuration(Math.max(0, (run.end_time ?? now) - run.start_time)) : "—";
        case "user":
          return dash(run.tags["mlflow.user"] ?? run.user_id);
        case "source":
          return dash(sourceOf(run));
        case "models":
          return dash(loggedModels(run).join(", "));
        case "datasets":
          return dash(run.inputs.map((i) => i.name).join(", "));
        default:
          return "";
      }
  }
}
