import { Badge } from "@/components/ui/Badge";
import { formatDateTime, formatNumber } from "@/lib/format";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useClientErrors } from "../api/onboarding-queries";
import { PagedListCard } from "./PagedListCard";

/** The errors members' browsers met, one row per kind of error, most recently seen first. */
export function ClientErrorList({ org }: { org: string }) {
  const pages = useCursorPages(org);
  const errors = useClientErrors(org, pages.cursor);
  return (
    <PagedListCard
      title="Errors in the app"
      description="Uncaught errors and failed requests in members' browsers, grouped; counted on /metrics as cairn_client_errors_total."
      label="Errors in the app"
      emptyText="No errors reported."
      pages={pages}
      query={errors}
      keyOf={(e) => e.fingerprint}
      render={(e) => (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <Badge>{e.kind === "request" ? "failed request" : "uncaught"}</Badge>
            <span className="text-sm font-medium break-all">{e.message}</span>
            <span className="ml-auto text-xs text-muted" aria-label="Times seen">
              {formatNumber(e.count)}×
            </span>
          </div>
          <p className="mt-1 text-xs text-muted">
            on <span className="font-mono">{e.page}</span> · first {formatDateTime(e.first_seen)} · last {formatDateTime(e.last_seen)} · v{e.version}
            {e.last_request_id && (
              <>
                {" "}
                · request id <span className="font-mono">{e.last_request_id}</span>
              </>
            )}
          </p>
          {e.stack && (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-muted">Stack</summary>
              <pre tabIndex={0} className="mt-1 overflow-x-auto rounded bg-subtle p-2 font-mono text-xs">
                {e.stack}
              </pre>
            </details>
          )}
        </>
      )}
    />
  );
}
