import { Bookmark, Trash2 } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { currentView, loadViews, storeViews, viewQuery, withoutView, withView, type SavedView } from "./saved-views";

/**
 * Named views of an experiment, kept in this browser: saving one stores the page's URL query (tab,
 * filter, sort, columns, chart settings, grouping, panel order); opening one puts it back.
 */
export function SavedViewsMenu({ experimentId }: { experimentId: string }) {
  const [params, setParams] = useSearchParams();
  const [views, setViews] = useState<SavedView[]>(() => loadViews(localStorage, experimentId));
  const [forId, setForId] = useState(experimentId);
  if (forId !== experimentId) {
    setForId(experimentId);
    setViews(loadViews(localStorage, experimentId));
  }
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  const current = currentView(views, params);
  const change = (next: SavedView[]) => {
    setViews(next);
    storeViews(localStorage, experimentId, next);
  };

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-8 max-w-64 items-center gap-1.5 rounded-md border border-border bg-surface px-3 text-sm font-medium hover:bg-subtle"
      >
        <Bookmark className="size-4 shrink-0" aria-hidden="true" />
        <span className="truncate">{current ? `View: ${current.name}` : "Saved views"}</span>
      </button>
      {open && (
        <div id={panelId} role="group" aria-label="Saved views" className="absolute right-0 z-40 mt-1 w-80 rounded-md border border-border bg-surface p-2 shadow-lg">
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return;
              change(withView(views, name, viewQuery(params), Date.now()));
              setName("");
            }}
          >
            <Input aria-label="View name" placeholder="Name this view…" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus />
            <Button type="submit" size="sm" className="h-9 shrink-0" disabled={!name.trim()}>
              Save view
            </Button>
          </form>
          <p className="mt-1 px-1 text-xs text-muted">Keeps the tab, filter, sort, columns and chart settings, in this browser.</p>
          {views.length === 0 ? (
            <p className="px-1 py-2 text-xs text-muted">No saved views yet.</p>
          ) : (
            <ul aria-label="Views of this experiment" className="mt-2 max-h-72 overflow-y-auto border-t border-border pt-1">
              {views.map((v) => (
                <li key={v.name} className="flex items-center gap-1">
                  <button
                    type="button"
                    aria-current={v === current ? "true" : undefined}
                    className="min-w-0 flex-1 truncate rounded px-2 py-1 text-left text-sm hover:bg-subtle aria-[current=true]:font-medium"
                    onClick={() => {
                      setParams(new URLSearchParams(v.query), { replace: true });
                      setOpen(false);
                    }}
                  >
                    {v.name}
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete view ${v.name}`}
                    className="rounded p-1 text-muted hover:bg-subtle hover:text-danger"
                    onClick={() => change(withoutView(views, v.name))}
                  >
                    <Trash2 className="size-3.5" aria-hidden="true" />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
