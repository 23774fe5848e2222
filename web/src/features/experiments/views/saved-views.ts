/** A named state of an experiment's page: the URL query (tab, filter, sort, columns, chart settings, grouping). */
export interface SavedView {
  name: string;
  query: string;
  savedAt: number;
}

const MAX_VIEWS = 50;

export const savedViewsKey = (experimentId: string) => `cairn.savedViews.${experimentId}`;

/** The views saved for an experiment in this browser, newest first; anything unreadable is ignored. */
export function loadViews(storage: Storage, experimentId: string): SavedView[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(savedViewsKey(experimentId)) ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is SavedView =>
        typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.query === "string" && typeof v.savedAt === "number",
    );
  } catch {
    return [];
  }
}

export function storeViews(storage: Storage, experimentId: string, views: SavedView[]): void {
  if (views.length === 0) storage.removeItem(savedViewsKey(experimentId));
  else storage.setItem(savedViewsKey(experimentId), JSON.stringify(views));
}

/** What of the URL a view keeps: every parameter but none that points at one moment (none yet), sorted for comparison. */
export function viewQuery(params: URLSearchParams): string {
  const copy = new URLSearchParams(params);
  copy.sort();
  return copy.toString();
}

/** Adds a view, replacing one of the same name (case-insensitively), newest first, at most MAX_VIEWS. */
export function withView(views: SavedView[], name: string, query: string, now: number): SavedView[] {
  const clean = name.trim();
  const rest = views.filter((v) => v.name.toLowerCase() !== clean.toLowerCase());
  return [{ name: clean, query, savedAt: now }, ...rest].slice(0, MAX_VIEWS);
}

export function withoutView(views: SavedView[], name: string): SavedView[] {
  return views.filter((v) => v.name !== name);
}

/** The saved view the page shows now, if any: the one whose query equals the URL's. */
export function currentView(views: SavedView[], params: URLSearchParams): SavedView | undefined {
  const q = viewQuery(params);
  return views.find((v) => v.query === q);
}
