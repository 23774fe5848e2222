import { Card, CardHeader } from "@/components/ui/Card";
import type { ProjectRef } from "../api/experiment-queries";
import { useUpdateRunNotes } from "../api/run-queries";
import { MarkdownNote } from "@/components/markdown/MarkdownNote";

/** A run's notes (MLflow's `mlflow.note.content`), rendered as Markdown and editable by developers. */
export function NotesCard({ projectRef, runId, notes, canWrite }: { projectRef: ProjectRef; runId: string; notes: string; canWrite: boolean }) {
  const save = useUpdateRunNotes(projectRef, runId);
  return (
    <Card>
      <CardHeader title="Notes" />
      <div className="p-5">
        <MarkdownNote
          noun="notes"
          text={notes}
          canWrite={canWrite}
          emptyHint="No notes yet. Write down what this run tried and what it showed."
          saving={save.isPending}
          error={save.error}
          onSave={(text) => save.mutateAsync(text)}
        />
      </div>
    </Card>
  );
}
