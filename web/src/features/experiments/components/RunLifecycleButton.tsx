import { RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { errorShownInline } from "@/lib/query-client";
import type { ProjectRef } from "../api/experiment-queries";
import { useSetRunDeleted, type Run } from "../api/run-queries";

/** Delete a run (after a confirmation; it can be restored), or restore a deleted one. */
export function RunLifecycleButton({ projectRef, run }: { projectRef: ProjectRef; run: Run }) {
  const remove = useSetRunDeleted(projectRef, run.id, errorShownInline);
  const restore = useSetRunDeleted(projectRef, run.id);
  const [confirming, setConfirming] = useState(false);
  if (run.lifecycle_stage === "deleted") {
    return (
      <Button
        loading={restore.isPending}
        onClick={() => restore.mutate(false, { onSuccess: () => toast.success(`${run.name} restored`) })}
      >
        <RotateCcw className="size-4" aria-hidden="true" /> Restore run
      </Button>
    );
  }
  return (
    <>
      <Button variant="ghost" onClick={() => setConfirming(true)}>
        <Trash2 className="size-4" aria-hidden="true" /> Delete run
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete ${run.name}?`}
        description="The run leaves the runs table; it stays restorable from this page until it is purged."
        confirmLabel="Delete run"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(true, {
            onSuccess: () => {
              toast.success(`${run.name} deleted`);
              setConfirming(false);
            },
          })
        }
      />
    </>
  );
}
