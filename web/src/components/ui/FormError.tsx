import { errorMessage, isApiError } from "@/lib/api/errors";

/** The server's answer to a submitted form, above its buttons. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <div role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
      {errorMessage(error)}
      {requestId && <span className="mt-0.5 block font-mono text-xs opacity-80">Request id {requestId}</span>}
    </div>
  );
}
