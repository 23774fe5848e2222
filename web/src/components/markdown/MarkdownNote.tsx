import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { FormError } from "@/components/ui/FormError";
import { Textarea } from "@/components/ui/Input";
import { cn } from "@/lib/cn";
import { Markdown } from "./Markdown";

interface MarkdownNoteProps {
  /** What the text is, for the button and field names: "notes", "description". */
  noun: string;
  text: string;
  canWrite: boolean;
  /** Shown when there is no text yet ("" for nothing). */
  emptyHint: string;
  saving: boolean;
  error: unknown;
  /** Stores the text (a mutation's mutateAsync); once it resolves the editor closes with a "saved" toast.
   * A rejection keeps the editor open with the draft, the error shown through `error`. */
  onSave: (text: string) => Promise<unknown>;
}

/**
 * A Markdown text rendered, with an editor (Write / Preview) for those who may change it: a run's
 * notes and an experiment's description.
 */
export function MarkdownNote({ noun, text, canWrite, emptyHint, saving, error, onSave }: MarkdownNoteProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);
  const fieldId = useId();
  const capital = noun[0]!.toUpperCase() + noun.slice(1);
  if (draft === null) {
    return (
      <div className="flex flex-col gap-2">
        {text ? <Markdown text={text} /> : emptyHint && <p className="text-sm text-muted">{emptyHint}</p>}
        {canWrite && (
          <div>
            <Button size="sm" onClick={() => setDraft(text)}>
              Edit {noun}
            </Button>
          </div>
        )}
      </div>
    );
  }
  const tab = (on: boolean) => cn("rounded px-2 py-1 text-xs", on ? "bg-subtle font-medium text-fg" : "text-muted hover:text-fg");
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft).then(
          () => {
            toast.success(`${capital} saved`);
            setDraft(null);
            setPreview(false);
          },
          () => {}, // shown by the form through `error`
        );
      }}
    >
      <div className="flex items-center gap-1" role="group" aria-label="Editor mode">
        <button type="button" className={tab(!preview)} aria-pressed={!preview} onClick={() => setPreview(false)}>
          Write
        </button>
        <button type="button" className={tab(preview)} aria-pressed={preview} onClick={() => setPreview(true)}>
          Preview
        </button>
        <span className="ml-auto text-xs text-muted">Markdown: **bold**, _italic_, `code`, lists, tables, [links](https://…)</span>
      </div>
      {preview ? (
        <div className="min-h-20 rounded-md border border-border p-3" aria-label={`Preview of the ${noun}`} role="region">
          {draft ? <Markdown text={draft} /> : <p className="text-sm text-muted">Nothing to preview.</p>}
        </div>
      ) : (
        <Textarea id={fieldId} aria-label={capital} rows={6} className="font-mono text-xs" value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
      )}
      <FormError error={error} />
      <div className="flex justify-end gap-2">
        <Button
          onClick={() => {
            setDraft(null);
            setPreview(false);
          }}
        >
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={saving}>
          Save {noun}
        </Button>
      </div>
    </form>
  );
}
