import { formatDateTime } from "@/lib/format";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useFeedback } from "../api/onboarding-queries";
import { PagedListCard } from "./PagedListCard";

/** What members sent with "Send feedback", newest first. */
export function FeedbackList({ org }: { org: string }) {
  const pages = useCursorPages(org);
  const feedback = useFeedback(org, pages.cursor);
  return (
    <PagedListCard
      title="Feedback"
      description="Sent by members from the Help menu, with the page they were on."
      label="Feedback"
      emptyText="No feedback yet."
      pages={pages}
      query={feedback}
      keyOf={(f) => f.id}
      render={(f) => (
        <>
          <p className="text-sm whitespace-pre-wrap">{f.message}</p>
          <p className="mt-1 text-xs text-muted">
            {f.user.name || f.user.email} · {formatDateTime(f.created_at)} · on <span className="font-mono">{f.page}</span> · v{f.version}
          </p>
        </>
      )}
    />
  );
}
