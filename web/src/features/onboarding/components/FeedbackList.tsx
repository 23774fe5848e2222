import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { CursorPagination } from "@/components/ui/Pagination";
import { formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useFeedback } from "../api/onboarding-queries";

/** What members sent with "Send feedback", newest first. */
export function FeedbackList({ org }: { org: string }) {
  const pages = useCursorPages(org);
  const feedback = useFeedback(org, pages.cursor);
  return (
    <Card>
      <CardHeader title="Feedback" description="Sent by members from the Help menu, with the page they were on." />
      <QueryBoundary query={feedback}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="px-5 py-4 text-sm text-muted">No feedback yet.</p>
          ) : (
            <>
              <ul aria-label="Feedback" className="divide-y divide-border">
                {data.items.map((f) => (
                  <li key={f.id} className="px-5 py-3">
                    <p className="text-sm whitespace-pre-wrap">{f.message}</p>
                    <p className="mt-1 text-xs text-muted">
                      {f.user.name || f.user.email} · {formatDateTime(f.created_at)} · on <span className="font-mono">{f.page}</span> · v{f.version}
                    </p>
                  </li>
                ))}
              </ul>
              <CursorPagination page={pages.page} hasPrevious={pages.hasPrevious} hasNext={!!data.next_cursor} onPrevious={pages.previous} onNext={() => pages.next(data.next_cursor)} />
            </>
          )
        }
      </QueryBoundary>
    </Card>
  );
}
