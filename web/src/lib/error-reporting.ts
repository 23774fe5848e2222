import type { components } from "@/lib/api/schema.gen";
import { getAccessToken } from "@/lib/auth/session-store";
import { apiBaseUrl } from "@/lib/api/base-url";
import { APP_VERSION } from "@/lib/version";

/** What the server keeps of an error the app met (POST /api/v1/client-errors). */
export type ClientErrorReport = components["schemas"]["ClientErrorReport"];

export const REPORT_PATH = "/api/v1/client-errors";
const SAME_ERROR_QUIET_MS = 60_000;

/** The organization of an app path (/o/<org>/...), if any. */
export function orgFromPath(pathname: string): string | undefined {
  const match = /^\/o\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * A report as it may leave the browser: the page without its query or fragment (they may carry
 * tokens), and the message and stack cut to what the server takes. Nothing else of the request or
 * the page goes: no headers, no bodies, no form contents.
 */
export function scrubbed(report: ClientErrorReport): ClientErrorReport {
  const page = report.page.split(/[?#]/)[0] || "/";
  const out: ClientErrorReport = { ...report, page, message: report.message.slice(0, 1000) || "(no message)" };
  if (report.stack !== undefined) out.stack = report.stack.slice(0, 8000);
  return out;
}

/**
 * A reporter that sends each distinct error (kind, message, page) at most once a minute, and
 * never reports its own failures: a broken network must not become a loop of reports.
 */
export function createReporter(send: (report: ClientErrorReport) => Promise<unknown>, now: () => number = Date.now) {
  const lastSent = new Map<string, number>();
  return (report: ClientErrorReport): boolean => {
    const clean = scrubbed(report);
    const key = `${clean.kind}\n${clean.message}\n${clean.page}`;
    const at = now();
    const previous = lastSent.get(key);
    if (previous !== undefined && at - previous < SAME_ERROR_QUIET_MS) return false;
    lastSent.set(key, at);
    void send(clean).catch(() => undefined);
    return true;
  };
}

function sendToServer(report: ClientErrorReport): Promise<unknown> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  return globalThis.fetch(`${apiBaseUrl()}${REPORT_PATH}`, { method: "POST", headers, body: JSON.stringify(report), keepalive: true });
}

export const reportClientError = createReporter(sendToServer);

function here(): Pick<ClientErrorReport, "page" | "version" | "org"> {
  const page = window.location.pathname;
  const org = orgFromPath(page);
  return { page, version: APP_VERSION, ...(org ? { org } : {}) };
}

/** Reports a request that failed on the server's side (5xx) or got no answer (status 0). */
export function reportFailedRequest(method: string, url: string, status: number, requestId: string | null): void {
  const path = new URL(url, window.location.origin).pathname;
  if (path === REPORT_PATH) return;
  reportClientError({
    kind: "request",
    message: status === 0 ? `${method} ${path} got no answer` : `${method} ${path} answered ${status}`,
    status,
    ...(requestId ? { request_id: requestId } : {}),
    ...here(),
  });
}

/** Reports uncaught exceptions and unhandled promise rejections from now on. */
export function installErrorReporting(): void {
  window.addEventListener("error", (event) => {
    const error = event.error as unknown;
    reportClientError({
      kind: "uncaught",
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(event.message),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      ...here(),
    });
  });
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason as unknown;
    reportClientError({
      kind: "uncaught",
      message: reason instanceof Error ? `${reason.name}: ${reason.message}` : `Unhandled rejection: ${String(reason)}`,
      ...(reason instanceof Error && reason.stack ? { stack: reason.stack } : {}),
      ...here(),
    });
  });
}
