import { Button } from "./Button";

interface CursorPaginationProps {
  /** 1-based page number, for the label. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** Previous/next over the API's opaque cursors. */
export function CursorPagination({ page, hasPrevious, hasNext, onPrevious, onNext }: CursorPaginationProps) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2 px-4 py-3">
      <span className="mr-2 text-xs text-muted">Page {page}</span>
      <Button size="sm" onClick={onPrevious} disabled={!hasPrevious}>
        Previous
      </Button>
      <Button size="sm" onClick={onNext} disabled={!hasNext}>
        Next
      </Button>
    </nav>
  );
}
