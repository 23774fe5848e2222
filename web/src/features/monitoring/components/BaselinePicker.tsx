import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { Input } from "@/components/ui/Input";
import { formatDateTime } from "@/lib/format";
import { fromLocalInput, toLocalInput, type Span } from "../time-range";

interface BaselinePickerProps {
  baseline: Span | null;
  /** The current range, from which a first comparison window is proposed (the same length just before it). */
  current: Span;
  onChange: (baseline: Span | null) => void;
}

/** Compare the range with another window of production traffic instead of the reference. */
export function BaselinePicker({ baseline, current, onChange }: BaselinePickerProps) {
  const length = current.to - current.from;
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(toLocalInput(baseline?.from ?? current.from - length));
  const [to, setTo] = useState(toLocalInput(baseline?.to ?? current.from));
  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const valid = fromMs !== null && toMs !== null && fromMs < toMs;

  if (!open)
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted">
          {baseline ? `Compared with ${formatDateTime(baseline.from)} – ${formatDateTime(baseline.to)}` : "Compared with the reference"}
        </span>
        <Button size="sm" onClick={() => setOpen(true)}>
          Compare with another window…
        </Button>
        {baseline && (
          <Button size="sm" variant="ghost" onClick={() => onChange(null)}>
            Back to the reference
          </Button>
        )}
      </div>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label="Comparison window"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        onChange({ from: fromMs, to: toMs });
        setOpen(false);
      }}
    >
      <Field label="Baseline from" error={fromMs !== null && toMs !== null && !valid ? "The start must be before the end." : undefined}>
        <Input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </Field>
      <Field label="Baseline to">
        <Input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary" disabled={!valid}>
        Compare
      </Button>
      <Button onClick={() => setOpen(false)}>Cancel</Button>
    </form>
  );
}
