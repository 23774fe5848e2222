import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { components } from "@/lib/api/schema.gen";
import { errorShownInline } from "@/lib/query-client";
import { trackingKeys, type ProjectRef } from "../api/experiment-queries";
import { loadViews, storeViews, type SavedView } from "./saved-views";

export type ServerView = components["schemas"]["SavedView"];
export type Visibility = ServerView["visibility"];

const PATH = "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/views" as const;
const ONE = "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/views/{view_id}" as const;

const viewsKey = (p: ProjectRef, experimentId: string) => [...trackingKeys.experiment(p, experimentId), "views"] as const;

/** The URL query a server view restores: its state keeps it as `query`, the same text browser views kept. */
export function queryOf(view: ServerView): string {
  const q = (view.state as { query?: unknown } | undefined)?.query;
  return typeof q === "string" ? q : "";
}

/** The experiment's shared views and the caller's own, by name. */
export function useSavedViews(p: ProjectRef, experimentId: string) {
  return useQuery({
    queryKey: viewsKey(p, experimentId),
    queryFn: async () => {
      await moveBrowserViews(p, experimentId);
      return (await unwrap(api.GET(PATH, { params: { path: { ...p, experiment_id: experimentId } } }))).items;
    },
  });
}

const invalidate = (client: QueryClient, p: ProjectRef, experimentId: string) => client.invalidateQueries({ queryKey: viewsKey(p, experimentId) });

export function useSaveView(p: ProjectRef, experimentId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: { name: string; visibility: Visibility; query: string }) =>
      unwrap(
        api.POST(PATH, {
          params: { path: { ...p, experiment_id: experimentId } },
          body: { name: body.name, visibility: body.visibility, state: { query: body.query } },
        }),
      ),
    onSuccess: () => invalidate(client, p, experimentId),
  });
}

export function useUpdateView(p: ProjectRef, experimentId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: ({ id, ...body }: { id: string } & components["schemas"]["SavedViewUpdate"]) =>
      unwrap(api.PATCH(ONE, { params: { path: { ...p, experiment_id: experimentId, view_id: id } }, body })),
    onSuccess: () => invalidate(client, p, experimentId),
  });
}

export function useDeleteView(p: ProjectRef, experimentId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: errorShownInline,
    mutationFn: (id: string) => unwrap(api.DELETE(ONE, { params: { path: { ...p, experiment_id: experimentId, view_id: id } } })),
    onSuccess: () => invalidate(client, p, experimentId),
  });
}

/**
 * Views this browser kept before views lived on the server move there once, as private views, and
 * leave localStorage. A name the caller already has gets " (browser)" appended; a view the server
 * refuses for another reason stays in the browser for the next try.
 */
export function moveBrowserViews(p: ProjectRef, experimentId: string, storage: Storage = localStorage): Promise<void> {
  // One move at a time per experiment: two list fetches at once would otherwise both post each view.
  const key = `${p.org}/${p.project}/${experimentId}`;
  const running = moving.get(key);
  if (running) return running;
  const move = moveOnce(p, experimentId, storage).finally(() => moving.delete(key));
  moving.set(key, move);
  return move;
}

const moving = new Map<string, Promise<void>>();

async function moveOnce(p: ProjectRef, experimentId: string, storage: Storage): Promise<void> {
  const local = loadViews(storage, experimentId);
  if (local.length === 0) return;
  const left: SavedView[] = [];
  for (const view of local) {
    let moved = false;
    for (const name of [view.name, `${view.name} (browser)`]) {
      try {
        await unwrap(
          api.POST(PATH, {
            params: { path: { ...p, experiment_id: experimentId } },
            body: { name: name.slice(0, 100), visibility: "private", state: { query: view.query } },
          }),
        );
        moved = true;
        break;
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409)) break;
      }
    }
    if (!moved) left.push(view);
  }
  storeViews(storage, experimentId, left);
}
