import { useCallback, useState } from "react";

/**
 * Page through a cursor-paginated list: the API only knows "the page after cursor X", so the
 * cursors of earlier pages are kept to go back. Resets when `resetKey` (filters) changes.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: Array<string | undefined> }>({ key: resetKey, stack: [undefined] });
  const stack = state.key === resetKey ? state.stack : [undefined];
  if (state.key !== resetKey) setState({ key: resetKey, stack });

  const next = useCallback(
    (cursor: string | null | undefined) => {
      if (cursor) setState((s) => ({ key: resetKey, stack: [...(s.key === resetKey ? s.stack : [undefined]), cursor] }));
    },
    [resetKey],
  );
  const previous = useCallback(() => setState((s) => ({ key: resetKey, stack: s.stack.length > 1 ? s.stack.slice(0, -1) : s.stack })), [resetKey]);

  return { cursor: stack[stack.length - 1], page: stack.length, hasPrevious: stack.length > 1, next, previous };
}
