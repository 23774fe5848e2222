import createClient from "openapi-fetch";
import { authorizedFetch } from "@/lib/auth/authorized-fetch";
import { reportFailedRequest } from "@/lib/error-reporting";
import { apiBaseUrl } from "./base-url";
import { ApiError } from "./errors";
import type { paths } from "./schema.gen";

/** authorizedFetch, reporting what failed on the server's side (5xx) or got no answer to the admins. */
async function reportingFetch(request: Request): Promise<Response> {
  const { method, url } = request;
  try {
    const response = await authorizedFetch(request);
    if (response.status >= 500) reportFailedRequest(method, url, response.status, response.headers.get("X-Request-Id"));
    return response;
  } catch (error) {
    // An aborted request (the page moved on) is no failure of the server.
    if (!(error instanceof DOMException && error.name === "AbortError")) reportFailedRequest(method, url, 0, null);
    throw error;
  }
}

/** The one API client: typed from api/openapi.yaml, with the session's bearer token and refresh. */
export const api = createClient<paths>({ baseUrl: apiBaseUrl(), fetch: reportingFetch });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a call or throws the server's error as an ApiError (for TanStack Query). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.fromBody(response.status, error, response.headers.get("X-Request-Id"));
  return data as T;
}
