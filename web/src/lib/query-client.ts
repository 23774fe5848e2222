import { MutationCache, QueryClient, type DefaultOptions } from "@tanstack/react-query";
import { isApiError } from "@/lib/api/errors";
import { toastError } from "@/lib/toast-error";

/** What a mutation tells the app's default mutation handler (`meta` of useMutation). */
export interface MutationMeta extends Record<string, unknown> {
  /** false when the UI shows the mutation's error itself (beside a form, in a dialog): no toast. */
  toastError?: boolean;
}

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: MutationMeta;
  }
}

/** `meta` for a mutation whose error the page shows itself, so the default handler does not toast it too. */
export const errorShownInline = { toastError: false } satisfies MutationMeta;

const appDefaults: DefaultOptions = {
  queries: {
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    // Client errors (403, 404, 422...) will not change by asking again; network and 5xx may.
    retry: (failures, error) => failures < 2 && !(isApiError(error) && error.status < 500),
  },
};

/**
 * A query client with the app's one default mutation error handler: a failed mutation toasts the
 * server's message unless its meta says the page shows the error itself (`errorShownInline`), so no
 * failure goes unreported and no page repeats the toast. Tests pass their own `defaultOptions`.
 */
export function createQueryClient(defaultOptions: DefaultOptions = appDefaults): QueryClient {
  return new QueryClient({
    defaultOptions,
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.toastError !== false) toastError(error);
      },
    }),
  });
}

export const queryClient = createQueryClient();

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
