import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { FormError } from "@/components/ui/FormError";
import { Textarea } from "@/components/ui/Input";
import type { ProjectRef } from "../api/experiment-queries";
import { useUpdateRunNotes } from "../api/run-queries";

/** A run's notes (MLflow's `mlflow.note.content`), shown as plain text and editable by developers. */
export function NotesCard({ projectRef, runId, notes, canWrite }: { projectRef: ProjectRef; runId: string; notes: string; canWrite: boolean }) {
  const save = useUpdateRunNotes(projectRef, runId);
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null;
  return (
    <Card>
      <CardHeader
        title="Notes"
        actions={
          canWrite &&
          !editing && (
            <Button size="sm" onClick={() => setDraft(notes)}>
              Edit notes
            </Button>
          )
        }
      />
      {editing ? (
        <form
          className="flex flex-col gap-3 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft, {
              onSuccess: () => {
                toast.success("Notes saved");
                setDraft(null);
              },
            });
          }}
        >
          <Textarea aria-label="Notes" rows={5} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
          <FormError error={save.error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setDraft(null)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={save.isPending}>
              Save notes
            </Button>
          </div>
        </form>
      ) : (
        <p className="p-5 text-sm whitespace-pre-wrap">{notes || <span className="text-muted">No notes yet. Write down what this run tried and what it showed.</span>}</p>
      )}
    </Card>
  );
}
