import createClient from "openapi-fetch";
import { authorizedFetch } from "@/lib/auth/authorized-fetch";
import { apiBaseUrl } from "./base-url";
import { ApiError } from "./errors";
import type { paths } from "./schema.gen";

/** The one API client: typed from api/openapi.yaml, with the session's bearer token and refresh. */
export const api = createClient<paths>({ baseUrl: apiBaseUrl(), fetch: authorizedFetch });

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
