import { Bookmark, Pencil, Trash2, Users } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { Popover } from "@/components/ui/Popover";
import { useCurrentOrg } from "@/lib/current-org";
import { useProjectRef } from "../use-project-ref";
import { queryOf, useDeleteView, useSavedViews, useSaveView, useUpdateView, type ServerView } from "./saved-view-queries";
import { viewQuery } from "./saved-views";

/**
 * Named views of an experiment, kept on the server: saving one stores the page's URL query (tab,
 * filter, sort, columns, chart settings, grouping, panel order) as a private view or one shared with
 * the project; opening one puts it back. Views this browser kept before move to the server once.
 */
export function SavedViewsMenu({ experimentId }: { experimentId: string }) {
  const [params, setParams] = useSearchParams();
  const { projectRef, canWrite } = useProjectRef();
  const isOrgAdmin = useCurrentOrg().role === "admin";
  const views = useSavedViews(projectRef, experimentId);
  const save = useSaveView(projectRef, experimentId);
  const update = useUpdateView(projectRef, experimentId);
  const remove = useDeleteView(projectRef, experimentId);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const list = views.data ?? [];
  const here = viewQuery(params);
  const current = list.find((v) => queryOf(v) === here);
  const error = save.error ?? update.error ?? remove.error;
  // Shared views change only by their creator or an admin (the server decides; this hides what would fail).
  const mayChange = (v: ServerView) => canWrite && (v.is_own || isOrgAdmin);

  return (
    <Popover
      label="Saved views"
      panelClassName="w-80"
      triggerClassName="inline-flex h-8 max-w-64 items-center gap-1.5 rounded-md border border-border bg-surface px-3 text-sm font-medium hover:bg-subtle"
      trigger={
        <>
          <Bookmark className="size-4 shrink-0" aria-hidden="true" />
          <span className="truncate">{current ? `View: ${current.name}` : "Saved views"}</span>
        </>
      }
    >
      {(close) => (
        <>
          {canWrite && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!name.trim()) return;
                save.mutate({ name: name.trim(), visibility: shared ? "project" : "private", query: here }, { onSuccess: () => setName("") });
              }}
            >
              <div className="flex gap-2">
                <Input aria-label="View name" placeholder="Name this view…" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus />
                <Button type="submit" size="sm" className="h-9 shrink-0" disabled={!name.trim() || save.isPending}>
                  Save view
                </Button>
              </div>
              <label className="mt-1 flex items-center gap-2 px-1 text-xs">
                <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
                Share with the project
              </label>
            </form>
          )}
          <p className="mt-1 px-1 text-xs text-muted">Keeps the tab, filter, sort, columns and chart settings.</p>
          {error && <FormError error={error} />}
          {views.isPending ? (
            <p className="px-1 py-2 text-xs text-muted">Loading views…</p>
          ) : list.length === 0 ? (
            <p className="px-1 py-2 text-xs text-muted">No saved views yet.</p>
          ) : (
            <ul aria-label="Views of this experiment" className="mt-2 max-h-72 overflow-y-auto border-t border-border pt-1">
              {list.map((v) =>
                renaming?.id === v.id ? (
                  <li key={v.id}>
                    <form
                      className="flex gap-1 py-0.5"
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (!renaming.name.trim()) return;
                        update.mutate({ id: v.id, name: renaming.name.trim() }, { onSuccess: () => setRenaming(null) });
                      }}
                    >
                      <Input aria-label={`New name for ${v.name}`} value={renaming.name} maxLength={100} autoFocus onChange={(e) => setRenaming({ id: v.id, name: e.target.value })} />
                      <Button type="submit" size="sm" className="h-9 shrink-0">
                        Rename
                      </Button>
                    </form>
                  </li>
                ) : (
                  <li key={v.id} className="flex items-center gap-1">
                    <button
                      type="button"
                      aria-current={v === current ? "true" : undefined}
                      className="min-w-0 flex-1 truncate rounded px-2 py-1 text-left text-sm hover:bg-subtle aria-[current=true]:font-medium"
                      onClick={() => {
                        setParams(new URLSearchParams(queryOf(v)), { replace: true });
                        close();
                      }}
                    >
                      {v.name}
                    </button>
                    {v.visibility === "project" && (
                      <span className="inline-flex shrink-0 items-center gap-0.5 text-xs text-muted" title={v.is_own ? "Shared by you" : "Shared by a project member"}>
                        <Users className="size-3" aria-hidden="true" />
                        {v.is_own ? "Shared" : "Team"}
                      </span>
                    )}
                    {mayChange(v) && (
                      <>
                        <button
                          type="button"
                          aria-label={`Rename view ${v.name}`}
                          className="rounded p-1 text-muted hover:bg-subtle hover:text-fg"
                          onClick={() => setRenaming({ id: v.id, name: v.name })}
                        >
                          <Pencil className="size-3.5" aria-hidden="true" />
                        </button>
                        <button
                          type="button"
                          aria-label={`Delete view ${v.name}`}
                          className="rounded p-1 text-muted hover:bg-subtle hover:text-danger"
                          onClick={() => remove.mutate(v.id)}
                        >
                          <Trash2 className="size-3.5" aria-hidden="true" />
                        </button>
                      </>
                    )}
                  </li>
                ),
              )}
            </ul>
          )}
        </>
      )}
    </Popover>
  );
}
