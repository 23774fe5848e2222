import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { useBulkAlerts } from "../api/alert-queries";
import type { BulkAction, ProjectRef } from "../api/alert-types";
import { NoteDialog } from "./NoteDialog";

const LABELS: Record<BulkAction, { verb: string; done: string }> = {
  acknowledge: { verb: "Acknowledge", done: "acknowledged" },
  resolve: { verb: "Resolve", done: "resolved" },
  silence: { verb: "Silence", done: "silenced" },
};

/** The bar over selected alerts: acknowledge, resolve or silence them all, with a note. */
export function BulkActions({ projectRef, ids, onDone }: { projectRef: ProjectRef; ids: string[]; onDone: () => void }) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const bulk = useBulkAlerts(projectRef);
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-border bg-subtle/60 px-3 py-2 text-sm" role="region" aria-label="Bulk actions">
      <span className="mr-2 font-medium">{ids.length} selected</span>
      {(Object.keys(LABELS) as BulkAction[]).map((a) => (
        <Button key={a} size="sm" onClick={() => setAction(a)}>
          {LABELS[a].verb}
        </Button>
      ))}
      {action && (
        <NoteDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setAction(null);
              bulk.reset();
            }
          }}
          title={`${LABELS[action].verb} ${ids.length} alert${ids.length === 1 ? "" : "s"}`}
          description={action === "silence" ? "A silence per alert, matching its rule and deployment, holds its notifications until it ends." : undefined}
          confirmLabel={LABELS[action].verb}
          withDuration={action === "silence"}
          pending={bulk.isPending}
          error={bulk.error}
          onConfirm={({ note, durationSeconds }) =>
            bulk.mutate(
              { ids, action, ...(note ? { note } : {}), ...(durationSeconds ? { duration_seconds: durationSeconds } : {}) },
              {
                onSuccess: ({ results }) => {
                  const failed = results.filter((r) => !r.ok);
                  const ok = results.length - failed.length;
                  if (ok) toast.success(`${ok} alert${ok === 1 ? "" : "s"} ${LABELS[action].done}`);
                  if (failed.length) toast.error(`${failed.length} not ${LABELS[action].done}: ${failed[0]!.error ?? "failed"}`);
                  setAction(null);
                  onDone();
                },
              },
            )
          }
        />
      )}
    </div>
  );
}
