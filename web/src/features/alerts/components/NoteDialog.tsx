import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { parseDuration } from "../format";

interface NoteDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  confirmLabel: string;
  /** Ask how long (silences): the answer comes back in seconds. */
  withDuration?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (v: { note: string; durationSeconds?: number }) => void;
}

/** Acknowledge, resolve or silence with a note (and for silences, how long). */
export function NoteDialog({ open, onOpenChange, title, description, confirmLabel, withDuration = false, pending, error, onConfirm }: NoteDialogProps) {
  const [note, setNote] = useState("");
  const [duration, setDuration] = useState("1h");
  const seconds = parseDuration(duration);
  const durationError = withDuration && (seconds === null || seconds < 60) ? "At least a minute: 30m, 1h, 1d" : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) setNote("");
        onOpenChange(o);
      }}
      title={title}
      description={description}
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (durationError) return;
          onConfirm(withDuration ? { note, durationSeconds: seconds! } : { note });
        }}
      >
        <Field label="Note" hint="Kept on the alert's timeline and in the audit log.">
          <Textarea value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
        </Field>
        {withDuration && (
          <Field label="Duration" error={durationError} hint="30m, 4h, 1d...">
            <Input value={duration} onChange={(e) => setDuration(e.target.value)} />
          </Field>
        )}
        <FormError error={error} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={pending}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
