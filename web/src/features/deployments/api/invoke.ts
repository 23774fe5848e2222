import { apiBaseUrl } from "@/lib/api/base-url";
import { authorizedFetch } from "@/lib/auth/authorized-fetch";
import type { DeploymentRef } from "./deployment-queries";

/** The answer of one playground call, as it came: status, body, timing and the headers worth showing. */
export interface InvokeResult {
  status: number;
  body: unknown;
  ms: number;
  requestId: string | null;
  revision: string | null;
  cache: string | null;
}

function deploymentPath(r: DeploymentRef): string {
  return `/api/v1/orgs/${encodeURIComponent(r.org)}/projects/${encodeURIComponent(r.project)}/deployments/${encodeURIComponent(r.deployment)}`;
}

/**
 * Sends a scoring body to the deployment's invocations as the signed-in user. The answer is shown
 * whatever its status (a 400 naming a column is what the playground is for), so it is not thrown.
 */
export async function invokeDeployment(r: DeploymentRef, body: unknown, noCache: boolean): Promise<InvokeResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (noCache) headers["Cache-Control"] = "no-cache";
  const started = performance.now();
  const response = await authorizedFetch(
    new Request(`${apiBaseUrl()}${deploymentPath(r)}/invocations`, { method: "POST", headers, body: JSON.stringify(body) }),
  );
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: shown as text
  }
  return {
    status: response.status,
    body: parsed,
    ms: Math.round(performance.now() - started),
    requestId: response.headers.get("X-Request-Id"),
    revision: response.headers.get("X-Cairn-Revision"),
    cache: response.headers.get("X-Cairn-Cache"),
  };
}

export { deploymentPath };
