import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { CursorPagination } from "@/components/ui/Pagination";
import type { useCursorPages } from "@/lib/use-cursor-pages";

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

interface PagedListCardProps<T> {
  title: string;
  description: string;
  /** Names the list for assistive technology (and the tests). */
  label: string;
  emptyText: string;
  pages: ReturnType<typeof useCursorPages>;
  query: UseQueryResult<Page<T>>;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
}

/** A card holding one cursor-paged list: its heading, the items, an empty line, previous/next. */
export function PagedListCard<T>({ title, description, label, emptyText, pages, query, keyOf, render }: PagedListCardProps<T>) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <QueryBoundary query={query} empty={<p className="px-5 py-4 text-sm text-muted">{emptyText}</p>}>
        {(data) => (
          <>
            <ul aria-label={label} className="divide-y divide-border">
              {data.items.map((item) => (
                <li key={keyOf(item)} className="px-5 py-3">
                  {render(item)}
                </li>
              ))}
            </ul>
            <CursorPagination page={pages.page} hasPrevious={pages.hasPrevious} hasNext={!!data.next_cursor} onPrevious={pages.previous} onNext={() => pages.next(data.next_cursor)} />
          </>
        )}
      </QueryBoundary>
    </Card>
  );
}
