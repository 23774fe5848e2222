import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, Columns3 } from "lucide-react";
import { columnId, type RunColumn } from "../run-columns";

interface ColumnChooserProps {
  available: RunColumn[];
  shown: RunColumn[];
  onChange: (ids: string[]) => void;
}

const item = "flex cursor-pointer items-center gap-2 rounded px-2 py-1 font-mono text-xs outline-none data-[highlighted]:bg-subtle";

/** Which params and metrics the runs table shows; a menu of checkboxes, keyboard-usable. */
export function ColumnChooser({ available, shown, onChange }: ColumnChooserProps) {
  const shownIds = shown.map(columnId);
  // Chosen columns no run of this page has are still listed, so they can be unticked.
  const all = [...available, ...shown.filter((c) => !available.some((a) => columnId(a) === columnId(c)))];
  const toggle = (id: string) => onChange(shownIds.includes(id) ? shownIds.filter((x) => x !== id) : [...shownIds, id]);
  const group = (kind: RunColumn["kind"], label: string) => {
    const cols = all.filter((c) => c.kind === kind);
    if (cols.length === 0) return null;
    return (
      <Menu.Group>
        <Menu.Label className="px-2 pt-2 pb-1 text-xs font-medium text-muted">{label}</Menu.Label>
        {cols.map((c) => (
          <Menu.CheckboxItem
            key={columnId(c)}
            className={item}
            checked={shownIds.includes(columnId(c))}
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={() => toggle(columnId(c))}
          >
            <span className="flex size-4 items-center justify-center rounded border border-border">
              <Menu.ItemIndicator>
                <Check className="size-3" aria-hidden="true" />
              </Menu.ItemIndicator>
            </span>
            {c.key}
          </Menu.CheckboxItem>
        ))}
      </Menu.Group>
    );
  };
  return (
    <Menu.Root>
      <Menu.Trigger className="inline-flex h-9 items-center gap-1.5 rounded-md border border-border bg-surface px-3.5 text-sm font-medium hover:bg-subtle">
        <Columns3 className="size-4" aria-hidden="true" /> Columns ({shown.length})
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-50 max-h-96 min-w-56 overflow-y-auto rounded-md border border-border bg-surface p-1 shadow-lg">
          {all.length === 0 ? <p className="px-2 py-1.5 text-xs text-muted">The runs have no params or metrics yet.</p> : null}
          {group("params", "Parameters")}
          {group("metrics", "Metrics")}
          {shown.length > 0 && (
            <>
              <Menu.Separator className="my-1 h-px bg-border" />
              <Menu.Item className="cursor-pointer rounded px-2 py-1 text-xs outline-none data-[highlighted]:bg-subtle" onSelect={() => onChange([])}>
                Hide all
              </Menu.Item>
            </>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
