import { QueryClient } from "@tanstack/react-query";
import { isApiError } from "@/lib/api/errors";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (403, 404, 422...) will not change by asking again; network and 5xx may.
      retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status < 500),
    },
  },
});

/**
 * After deleting a resource: refetches what lies under `parent` (the lists that showed it) but
 * never the deleted resource's own queries. Refetching those answers 404 at once (no retry),
 * which swaps the page for "not found" and unmounts it before the caller's onSuccess can
 * navigate away; their cache goes when the page does.
 */
export function invalidateAfterDelete(parent: readonly unknown[], deleted: readonly unknown[]) {
  return queryClient.invalidateQueries({
    queryKey: parent,
    predicate: (query) => !deleted.every((part, i) => query.queryKey[i] === part),
  });
}
