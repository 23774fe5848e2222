import { Spinner } from "@/components/ui/Spinner";

/** The whole window while the app cannot show a page yet (the session, or the first page's code, is loading). */
export function PageLoading() {
  return (
    <div className="flex min-h-screen items-center justify-center text-muted" role="status" aria-label="Loading">
      <Spinner className="size-6" />
    </div>
  );
}
