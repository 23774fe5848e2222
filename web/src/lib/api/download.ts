import { authorizedFetch } from "@/lib/auth/authorized-fetch";
import { apiBaseUrl } from "./base-url";
import { ApiError } from "./errors";

/**
 * Downloads an API file as the signed-in user. A plain link cannot carry the bearer token (it is in
 * memory, not a cookie), so the file is fetched and handed to the browser as a blob.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const response = await authorizedFetch(new Request(apiBaseUrl() + path));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw ApiError.fromBody(response.status, body, response.headers.get("X-Request-Id"));
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
