import { useRouteError } from "react-router";
import { ErrorState } from "@/components/ui/ErrorState";

/** A page that threw while rendering: say so and offer a reload instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  return <ErrorState title="This page failed to load" error={error} onRetry={() => window.location.reload()} />;
}
