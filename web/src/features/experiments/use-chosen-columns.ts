import { useUrlParams } from "@/lib/use-url-params";
import { columnsFromParam, columnsToParam } from "./run-columns";

function saved(key: string): string[] | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
    return Array.isArray(value) && value.every((x) => typeof x === "string") ? value : null;
  } catch {
    return null;
  }
}

/**
 * The columns picked for an experiment's runs grid (null until a choice is made). They live in the
 * URL (`cols`), so a shared link shows the same view; the last choice is also remembered in this
 * browser and used when a link carries none.
 */
export function useChosenColumns(experimentId: string): { chosen: string[] | null; choose: (ids: string[]) => void; reset: () => void } {
  const key = `cairn.runColumns.${experimentId}`;
  const [params, update] = useUrlParams();
  const chosen = columnsFromParam(params.get("cols")) ?? saved(key);
  const choose = (ids: string[]) => {
    localStorage.setItem(key, JSON.stringify(ids));
    update({ cols: columnsToParam(ids) });
  };
  const reset = () => {
    localStorage.removeItem(key);
    update({ cols: null });
  };
  return { chosen, choose, reset };
}
