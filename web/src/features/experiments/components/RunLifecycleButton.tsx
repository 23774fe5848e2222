import { RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { errorMessage } from "@/lib/api/errors";
import type { ProjectRef } from "../api/experiment-queries";
import { useSetRunDeleted, type Run } from "../api/run-queries";

/** Delete a run (after a confirmation; it can be restored), or restore a deleted one. */
export function RunLifecycleButton({ projectRef, run }: { projectRef: ProjectRef; run: Run }) {
  const change = useSetRunDeleted(projectRef, run.id);
  const [confirming, setConfirming] = useState(false);
  if (run.lifecycle_stage === "deleted") {
    return (
      <Button
        loading={change.isPending}
        onClick={() => change.mutate(false, { onSuccess: () => toast.success(`${run.name} restored`), onError: (e) => toast.error(errorMessage(e)) })}
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
        pending={change.isPending}
        error={change.error}
        onConfirm={() =>
          change.mutate(true, {
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
