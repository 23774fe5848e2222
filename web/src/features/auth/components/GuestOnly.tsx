import { Navigate, Outlet, useSearchParams } from "react-router";
import { useSession } from "@/lib/auth/use-session";
import { safeNext } from "../safe-next";

/** Sign-in and sign-up pages: someone already signed in goes straight on. */
export function GuestOnly() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === "signed-in") return <Navigate to={safeNext(params.get("next"))} replace />;
  return <Outlet />;
}
