import type { components } from "./schema.gen";

export type ErrorCode = components["schemas"]["Error"]["error"]["code"];

/** The server's one error shape, thrown by every API call so UIs can show code, message and request id. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "network";
  readonly requestId: string | undefined;
  /** The one field at fault, when the server names it (validation errors). */
  readonly field: string | undefined;

  constructor(status: number, code: ApiError["code"], message: string, requestId?: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.field = field;
  }

  static fromBody(status: number, body: unknown, requestIdHeader?: string | null): ApiError {
    const err = (body as { error?: Partial<components["schemas"]["Error"]["error"]> } | undefined)?.error;
    if (err && typeof err.message === "string") {
      return new ApiError(status, (err.code ?? "internal") as ErrorCode, err.message, err.request_id, err.field);
    }
    return new ApiError(status, status >= 500 ? "internal" : "bad_request", `Request failed (HTTP ${status})`, requestIdHeader ?? undefined);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A sentence for people: the server's message, or a hint when the server could not be reached. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof TypeError) return "Cannot reach the Cairn server. Check your connection and try again.";
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}
