import { Link } from "react-router";
import { EmptyState } from "@/components/ui/EmptyState";

/** Drift needs something to compare with: set a reference, or compare two windows. */
export function NoReference({ settingsLink, canEdit }: { settingsLink: string; canEdit: boolean }) {
  return (
    <EmptyState
      title="No reference data yet"
      description="Drift is judged against reference data: the training set (as a CSV) or a window of production traffic you trust. Until one is set, compare this range with another window instead."
      action={
        canEdit ? (
          <Link to={settingsLink} className="text-accent hover:underline">
            Set the reference
          </Link>
        ) : (
          <p className="text-sm text-muted">A developer of the project can set one.</p>
        )
      }
    />
  );
}
