import { AlertTriangle } from "lucide-react";
import { errorMessage, isApiError } from "@/lib/api/errors";
import { Button } from "./Button";

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}

/** A failed load: the server's message, its request id (for support) and a retry. */
export function ErrorState({ error, onRetry, title = "Could not load this" }: ErrorStateProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <div role="alert" className="flex flex-col items-center gap-3 px-6 py-12 text-center">
      <AlertTriangle className="size-6 text-danger" aria-hidden="true" />
      <h3 className="text-base font-semibold">{title}</h3>
      <p className="max-w-md text-sm text-muted">{errorMessage(error)}</p>
      {requestId && <p className="font-mono text-xs text-muted">Request id {requestId}</p>}
      {onRetry && <Button onClick={onRetry}>Try again</Button>}
    </div>
  );
}
