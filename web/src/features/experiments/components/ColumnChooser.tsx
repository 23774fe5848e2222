import { Columns3 } from "lucide-react";
import { useState } from "react";
import { Input } from "@/components/ui/Input";
import { Popover } from "@/components/ui/Popover";
import { ATTRIBUTE_COLUMNS, columnId, KIND_LABELS, type ColumnKind, type RunColumn } from "../run-columns";

interface ColumnChooserProps {
  available: RunColumn[];
  shown: RunColumn[];
  onChange: (ids: string[]) => void;
  /** Back to the default columns. */
  onReset: () => void;
}

// An experiment can have thousands of keys; the search narrows them, and a group lists this many at most.
const MAX_PER_GROUP = 200;

const labelOf = (c: RunColumn) => (c.kind === "attributes" ? ATTRIBUTE_COLUMNS[c.key]!.label : c.key);

/**
 * Which attributes, params, metrics and tags the runs grid shows: a panel of checkboxes with a
 * search box (a menu's type-ahead would swallow the typing), closed by Escape or a click outside.
 */
export function ColumnChooser({ available, shown, onChange, onReset }: ColumnChooserProps) {
  const [query, setQuery] = useState("");

  const shownIds = shown.map(columnId);
  // Chosen columns no run has any more are still listed, so they can be unticked.
  const all = [...available, ...shown.filter((c) => !available.some((a) => columnId(a) === columnId(c)))];
  const needle = query.trim().toLowerCase();
  const matches = needle ? all.filter((c) => labelOf(c).toLowerCase().includes(needle)) : all;
  const toggle = (id: string) => onChange(shownIds.includes(id) ? shownIds.filter((x) => x !== id) : [...shownIds, id]);
  const group = (kind: ColumnKind) => {
    const cols = matches.filter((c) => c.kind === kind);
    if (cols.length === 0) return null;
    return (
      <fieldset key={kind} className="py-1">
        <legend className="px-2 pt-1 pb-0.5 text-xs font-medium text-muted">
          {KIND_LABELS[kind]} <span className="font-normal">({cols.length})</span>
        </legend>
        {cols.slice(0, MAX_PER_GROUP).map((c) => (
          <label key={columnId(c)} className="flex cursor-pointer items-center gap-2 rounded px-2 py-0.5 text-xs hover:bg-subtle">
            <input type="checkbox" checked={shownIds.includes(columnId(c))} onChange={() => toggle(columnId(c))} />
            <span className={kind === "attributes" ? undefined : "truncate font-mono"}>{labelOf(c)}</span>
          </label>
        ))}
        {cols.length > MAX_PER_GROUP && <p className="px-2 text-xs text-muted">{cols.length - MAX_PER_GROUP} more: search to narrow.</p>}
      </fieldset>
    );
  };

  return (
    <Popover
      label="Choose columns"
      panelClassName="w-72"
      triggerClassName="inline-flex h-9 items-center gap-1.5 rounded-md border border-border bg-surface px-3.5 text-sm font-medium hover:bg-subtle"
      trigger={
        <>
          <Columns3 className="size-4" aria-hidden="true" /> Columns ({shown.length})
        </>
      }
    >
      {() => (
        <>
          <Input type="search" aria-label="Search columns" placeholder="Search keys…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
          <div className="mt-1 max-h-80 overflow-y-auto">
            {matches.length === 0 && <p className="px-2 py-1.5 text-xs text-muted">{needle ? "No key matches." : "The runs have no params or metrics yet."}</p>}
            {(["attributes", "params", "metrics", "tags"] as const).map(group)}
          </div>
          <div className="mt-1 flex justify-between border-t border-border pt-1.5 text-xs">
            <button type="button" className="rounded px-2 py-1 hover:bg-subtle" onClick={() => onChange([])}>
              Hide all
            </button>
            <button type="button" className="rounded px-2 py-1 hover:bg-subtle" onClick={onReset}>
              Default columns
            </button>
          </div>
        </>
      )}
    </Popover>
  );
}
