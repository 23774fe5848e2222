import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { Input, Select } from "@/components/ui/Input";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_PRESET, describeRange, fromLocalInput, isLive, PRESETS, resolveRange, toLocalInput, toLocalInputEnd, type TimeRange } from "../time-range";

interface TimeRangePickerProps {
  range: TimeRange;
  onChange: (range: TimeRange) => void;
  /** The dashboard hears the monitor's updates over SSE (else it polls). */
  followed?: boolean;
}

/** The dashboard's range: a preset that ends now (refreshed every 10 s) or custom from/to times. */
export function TimeRangePicker({ range, onChange, followed = false }: TimeRangePickerProps) {
  const span = resolveRange(range);
  const [custom, setCustom] = useState(range.kind === "custom");
  const [from, setFrom] = useState(toLocalInput(span.from));
  const [to, setTo] = useState(toLocalInputEnd(span.to));
  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const problem = fromMs === null || toMs === null ? "Choose both times." : fromMs >= toMs ? "The start must be before the end." : null;

  return (
    <div className="flex flex-wrap items-end gap-3">
      <Field label="Time range">
        <Select
          value={custom ? "custom" : range.kind === "preset" ? range.preset : "custom"}
          onChange={(e) => {
            if (e.target.value === "custom") {
              setFrom(toLocalInput(span.from));
              setTo(toLocalInputEnd(span.to));
              setCustom(true);
              return;
            }
            setCustom(false);
            onChange({ kind: "preset", preset: PRESETS.find((p) => p.key === e.target.value)?.key ?? DEFAULT_PRESET });
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </Select>
      </Field>
      {custom && (
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) onChange({ kind: "custom", from: fromMs!, to: toMs! });
          }}
        >
          <Field label="From" error={problem === "The start must be before the end." ? problem : undefined}>
            <Input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="To">
            <Input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
          <Button type="submit" disabled={problem !== null}>
            Apply
          </Button>
        </form>
      )}
      <p className="flex items-center gap-1.5 pb-2 text-xs text-muted" aria-live="polite">
        {isLive(range) ? (
          <>
            <RefreshCw className="size-3.5" aria-hidden="true" />{" "}
            {followed ? "Live: updated as traffic arrives" : "Live: refreshed every 10 seconds"}
          </>
        ) : (
          <>Showing {describeRange(range, formatDateTime)}</>
        )}
      </p>
    </div>
  );
}
