import { Filter } from "lucide-react";
import { useId, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { cn } from "@/lib/cn";
import type { ExperimentKeys } from "../api/analysis-queries";
import type { FilterProblem } from "../filter-error";
import { applySuggestion, suggest, type Completion } from "../filter/filter-suggest";

interface RunFilterBoxProps {
  /** The filter the table is showing. */
  applied: string;
  onApply: (filter: string) => void;
  /** The server's refusal of the applied filter, shown under the box with a caret at its position. */
  problem: FilterProblem | null;
  /** The experiment's keys, for completion; without them only attributes are offered. */
  keys?: ExperimentKeys;
}

/**
 * A search filter in MLflow's grammar, applied on Enter, completing keys, comparators and AND as one
 * types (an ARIA combobox: arrows pick, Enter takes the picked one, Escape closes). The server is the
 * one parser, so its errors show here.
 */
export function RunFilterBox({ applied, onApply, problem, keys }: RunFilterBoxProps) {
  const [text, setText] = useState(applied);
  // A filter applied elsewhere (the URL, Clear) replaces the draft; adjusted while rendering, React's documented pattern.
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setText(applied);
  }
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  // Where the caret goes once React has put a taken suggestion into the box.
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretAfter.current === null) return;
    input.current?.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  });
  const hintId = useId();
  const errorId = useId();
  const listId = useId();
  const open = completion !== null;

  const refresh = (value: string, caret: number | null) => {
    setCompletion(caret === null ? null : suggest(value, caret, keys));
    setActive(-1);
  };
  const take = (index: number) => {
    if (!completion) return;
    const next = applySuggestion(text, completion, completion.items[index]!);
    setText(next.text);
    refresh(next.text, next.caret);
    caretAfter.current = next.caret;
  };

  return (
    <form
      className="flex min-w-64 flex-1 flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        setCompletion(null);
        onApply(text.trim());
      }}
    >
      <div className="flex gap-2">
        <div className="relative flex-1">
          <Filter className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
          <Input
            ref={input}
            role="combobox"
            aria-label="Filter runs"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? errorId : hintId}
            placeholder="metrics.val_auc > 0.9 and params.max_depth = '6'"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              refresh(e.target.value, e.target.selectionStart);
            }}
            onFocus={(e) => refresh(e.target.value, e.target.selectionStart)}
            onBlur={() => setCompletion(null)}
            onKeyDown={(e) => {
              if (!completion) return;
              const n = completion.items.length;
              if (e.key === "ArrowDown") {
                e.preventDefault();
                setActive((a) => (a + 1) % n);
              } else if (e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => (a <= 0 ? n - 1 : a - 1));
              } else if (e.key === "Enter" && active >= 0) {
                e.preventDefault();
                take(active);
              } else if (e.key === "Escape") {
                e.preventDefault();
                setCompletion(null);
              }
            }}
            className="pl-8 font-mono text-xs"
            spellCheck={false}
            autoComplete="off"
          />
          {open && (
            <ul
              id={listId}
              role="listbox"
              aria-label="Filter suggestions"
              className="absolute top-full right-0 left-0 z-20 mt-1 max-h-64 overflow-y-auto rounded-md border border-border bg-surface py-1 shadow-lg"
            >
              {completion.items.map((item, i) => (
                <li
                  key={item.label}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  // mousedown, not click: the input keeps its focus, so the list does not close first.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    take(i);
                  }}
                  className={cn("flex cursor-pointer items-baseline gap-3 px-3 py-1 font-mono text-xs", i === active ? "bg-subtle" : "hover:bg-subtle")}
                >
                  <span className="truncate">{item.label}</span>
                  <span className="ml-auto shrink-0 font-sans text-muted">{item.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Button type="submit">Apply</Button>
        {applied && (
          <Button variant="ghost" onClick={() => onApply("")}>
            Clear
          </Button>
        )}
      </div>
      {problem ? (
        <div id={errorId} role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-xs text-fg">
          {problem.position !== null && (
            <pre className="mb-1 overflow-x-auto font-mono" data-testid="filter-error-caret">
              {applied}
              {"\n"}
              {" ".repeat(problem.position)}^
            </pre>
          )}
          {problem.message}
        </div>
      ) : (
        <p id={hintId} className="text-xs text-muted">
          <code className="font-mono">metrics.</code> with = != &lt; &lt;= &gt; &gt;=; <code className="font-mono">params.</code> and{" "}
          <code className="font-mono">tags.</code> with = != LIKE ILIKE or IS [NOT] NULL; <code className="font-mono">attributes.</code> and{" "}
          <code className="font-mono">datasets.</code>; clauses joined by <code className="font-mono">and</code>. Press Enter to apply.
        </p>
      )}
    </form>
  );
}
