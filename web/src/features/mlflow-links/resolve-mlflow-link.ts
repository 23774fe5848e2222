import { api, unwrap } from "@/lib/api/client";
import type { MlflowTarget } from "./mlflow-hash-route";

/**
 * The Cairn page of an MLflow link: the org and project of the tracking URI (by id or slug) become
 * the slugs of the app's URLs, and the experiment, run, model or version is looked up so that a
 * link to something gone or hidden says so (the API's 404) instead of opening an empty page.
 */
export async function resolveMlflowLink(orgRef: string, projectRef: string, target: MlflowTarget): Promise<string> {
  const project = await unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}", { params: { path: { org: orgRef, project: projectRef } } }));
  const org = await unwrap(api.GET("/api/v1/orgs/{org}", { params: { path: { org: orgRef } } }));
  const p = { org: org.slug, project: project.slug };
  const base = `/o/${org.slug}/projects/${project.slug}`;
  switch (target.kind) {
    case "project":
      return base;
    case "experiment": {
      const e = await unwrap(
        api.GET("/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}", { params: { path: { ...p, experiment_id: target.experimentId } } }),
      );
      return `${base}/experiments/${encodeURIComponent(e.id)}`;
    }
    case "run": {
      const r = await unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/runs/{run_id}", { params: { path: { ...p, run_id: target.runId } } }));
      return `${base}/runs/${encodeURIComponent(r.id)}`;
    }
    case "model": {
      const m = await unwrap(api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}", { params: { path: { ...p, model: target.name } } }));
      return `${base}/models/${encodeURIComponent(m.name)}`;
    }
    case "version": {
      const v = await unwrap(
        api.GET("/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}", {
          params: { path: { ...p, model: target.name, version: Number(target.version) } },
        }),
      );
      return `${base}/models/${encodeURIComponent(target.name)}/versions/${v.version}`;
    }
  }
}
