import { Filter } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import type { FilterProblem } from "../filter-error";

interface RunFilterBoxProps {
  /** The filter the table is showing. */
  applied: string;
  onApply: (filter: string) => void;
  /** The server's refusal of the applied filter, shown under the box with a caret at its position. */
  problem: FilterProblem | null;
}

/** A search filter in MLflow's grammar, applied on Enter; the server is the one parser, so its errors show here. */
export function RunFilterBox({ applied, onApply, problem }: RunFilterBoxProps) {
  const [text, setText] = useState(applied);
  // A filter applied elsewhere (the URL, Clear) replaces the draft; adjusted while rendering, React's documented pattern.
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setText(applied);
  }
  const hintId = useId();
  const errorId = useId();
  return (
    <form
      className="flex min-w-64 flex-1 flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim());
      }}
    >
      <div className="flex gap-2">
        <div className="relative flex-1">
          <Filter className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
          <Input
            aria-label="Filter runs"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? errorId : hintId}
            placeholder="metrics.val_auc > 0.9 and params.max_depth = '6'"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="pl-8 font-mono text-xs"
            spellCheck={false}
          />
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
          Compare <code className="font-mono">metrics.</code>, <code className="font-mono">params.</code>, <code className="font-mono">tags.</code> and{" "}
          <code className="font-mono">attributes.</code> with = != &lt; &gt; LIKE IN, joined by <code className="font-mono">and</code>. Press Enter to apply.
        </p>
      )}
    </form>
  );
}
