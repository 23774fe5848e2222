import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * Sets query parameters of the current URL (filters, sort, view), so a filtered page can be shared
 * and survives a reload. A value equal to its default, or null, is removed to keep URLs short;
 * the history entry is replaced, so Back leaves the page instead of undoing each keystroke.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | null>, defaults?: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>, defaults: Record<string, string> = {}) =>
      setParams(
        (p) => {
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === (defaults[key] ?? "")) p.delete(key);
            else p.set(key, value);
          }
          return p;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, update];
}
