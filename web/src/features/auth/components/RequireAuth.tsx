import { lazy, Suspense } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { PageLoading } from "@/components/layout/PageLoading";
import { useSession } from "@/lib/auth/use-session";

// The sign-in-again dialog (and its form library) loads only when a session actually ends.
const ReauthDialog = lazy(() => import("./ReauthDialog").then((m) => ({ default: m.ReauthDialog })));

/** Guards the signed-in part of the app; an expired session keeps the page and asks to sign in again. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.status === "loading") return <PageLoading />;
  if (session.status === "signed-out") {
    // The hash too: MLflow's links name their page after `#`.
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <>
      <Outlet />
      {session.status === "expired" && (
        <Suspense fallback={null}>
          <ReauthDialog />
        </Suspense>
      )}
    </>
  );
}
