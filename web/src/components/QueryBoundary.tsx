import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isApiError } from "@/lib/api/errors";
import { ErrorState } from "./ui/ErrorState";
import { TableSkeleton } from "./ui/Skeleton";

interface QueryBoundaryProps<T> {
  query: UseQueryResult<T>;
  /** Shown until the first answer; a table skeleton unless given. */
  loading?: ReactNode;
  /** The heading of the error state ("Could not load this" unless given). */
  errorTitle?: string;
  /** Shown instead of the error state when the server answers 404 (gone, or not visible to this user). */
  notFound?: ReactNode;
  /** Shown instead of the children when the answer is empty (see `isEmpty`); none: the children show it. */
  empty?: ReactNode;
  /** Whether the answer is empty; by default an empty array or a page whose `items` are empty. */
  isEmpty?: (data: T) => boolean;
  /** The answer, rendered. */
  children: (data: T) => ReactNode;
}

/**
 * The states of one query in one place: the loading skeleton, the error (the server's message, its
 * request id and a retry), not found, the empty state, or the children with the data.
 */
export function QueryBoundary<T>({ query, loading = <TableSkeleton />, errorTitle, notFound, empty, isEmpty = hasNoItems, children }: QueryBoundaryProps<T>) {
  if (query.isPending) return loading;
  if (query.isError) {
    if (notFound !== undefined && isApiError(query.error) && query.error.status === 404) return notFound;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} title={errorTitle} />;
  }
  if (empty !== undefined && isEmpty(query.data)) return empty;
  return children(query.data);
}

function hasNoItems(data: unknown): boolean {
  if (Array.isArray(data)) return data.length === 0;
  const items = (data as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) && items.length === 0;
}
