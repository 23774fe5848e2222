import { apiBaseUrl } from "@/lib/api/base-url";
import { ApiError } from "@/lib/api/errors";
import { authorizedFetch } from "@/lib/auth/authorized-fetch";
import type { ProjectRef } from "../api/experiment-queries";

/** The API path of a run's artifact, each path segment escaped. */
export function artifactPath(p: ProjectRef, runId: string, path: string): string {
  const segments = path.split("/").map(encodeURIComponent).join("/");
  return `/api/v1/orgs/${encodeURIComponent(p.org)}/projects/${encodeURIComponent(p.project)}/runs/${encodeURIComponent(runId)}/artifacts/${segments}`;
}

/** An artifact's bytes for a preview, fetched with the session's token (a plain <img src> could not carry it). */
export async function fetchArtifact(p: ProjectRef, runId: string, path: string): Promise<Blob> {
  const response = await authorizedFetch(new Request(apiBaseUrl() + artifactPath(p, runId, path)));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw ApiError.fromBody(response.status, body, response.headers.get("X-Request-Id"));
  }
  const blob = await response.blob();
  // An <img> draws svg only when its type says so, and the server may answer it as text or bytes.
  // (In an <img>, an svg's scripts never run, so naming its type is safe.)
  return path.toLowerCase().endsWith(".svg") && blob.type !== "image/svg+xml" ? new Blob([blob], { type: "image/svg+xml" }) : blob;
}
