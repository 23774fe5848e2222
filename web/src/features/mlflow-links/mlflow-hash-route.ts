/**
 * The page an MLflow UI link names. The mlflow client prints links such as
 * `<tracking URI>/#/experiments/3/runs/<run_id>`; with a Cairn tracking URI
 * (`/p/<org>/<project>`) they land on the app, which reads the part after `#` here.
 */
export type MlflowTarget =
  | { kind: "project" }
  | { kind: "experiment"; experimentId: string }
  | { kind: "run"; experimentId: string; runId: string }
  | { kind: "model"; name: string }
  | { kind: "version"; name: string; version: string };

function segments(hash: string): string[] | null {
  let route = hash.startsWith("#") ? hash.slice(1) : hash;
  const query = route.indexOf("?");
  if (query >= 0) route = route.slice(0, query);
  try {
    return route
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return null; // a malformed %-escape names nothing
  }
}

/**
 * MLflow's hash routes that name something Cairn shows: an experiment (and anything under it that
 * is not a run, such as its logged models or traces), a run (and its artifacts), a registered model
 * and one of its versions. Anything else opens the project.
 */
export function parseMlflowHash(hash: string): MlflowTarget {
  const parts = segments(hash);
  if (!parts || parts.length < 2) return { kind: "project" };
  const [head, id = "", sub, subId] = parts;
  if (head === "experiments") {
    if (sub === "runs" && subId) return { kind: "run", experimentId: id, runId: subId };
    return { kind: "experiment", experimentId: id };
  }
  if (head === "models") {
    if (sub === "versions" && subId && /^\d+$/.test(subId)) return { kind: "version", name: id, version: subId };
    return { kind: "model", name: id };
  }
  return { kind: "project" };
}

/** What the link names, in words, for the page that says it cannot be opened. */
export function describeTarget(target: MlflowTarget): string {
  switch (target.kind) {
    case "project":
      return "this project";
    case "experiment":
      return `experiment ${target.experimentId}`;
    case "run":
      return `run ${target.runId}`;
    case "model":
      return `model "${target.name}"`;
    case "version":
      return `version ${target.version} of model "${target.name}"`;
  }
}
