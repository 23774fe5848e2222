import { Eye, EyeOff, Focus } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/cn";
import type { ChartRun } from "./MetricPanel";

interface RunLegendProps {
  runs: ChartRun[];
  colors: string[];
  hidden: ReadonlySet<number>;
  highlighted: number | null;
  onHiddenChange: (hidden: Set<number>) => void;
  onHighlight: (run: number | null) => void;
}

/**
 * The runs on the charts: click a run to hide or show it, "only" to isolate it (again to show all),
 * hover to highlight its line in every panel. A search narrows a legend of hundreds of runs.
 */
export function RunLegend({ runs, colors, hidden, highlighted, onHiddenChange, onHighlight }: RunLegendProps) {
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const entries = runs.map((run, i) => ({ run, i })).filter(({ run }) => !needle || run.name.toLowerCase().includes(needle));
  const toggle = (i: number) => {
    const next = new Set(hidden);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    onHiddenChange(next);
  };
  const isolated = (i: number) => hidden.size === runs.length - 1 && !hidden.has(i);
  const isolate = (i: number) => onHiddenChange(isolated(i) ? new Set() : new Set(runs.map((_, k) => k).filter((k) => k !== i)));

  return (
    <section aria-label="Runs on the charts" className="rounded-lg border border-border bg-surface p-2">
      <div className="mb-1 flex flex-wrap items-center gap-2 text-xs">
        <input
          type="search"
          aria-label="Search runs in the legend"
          placeholder="Find a run…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="h-7 w-44 rounded border border-border bg-surface px-2"
        />
        <span className="text-muted">
          {runs.length - hidden.size} of {runs.length} shown
        </span>
        {hidden.size > 0 && (
          <button type="button" className="rounded px-2 py-1 hover:bg-subtle" onClick={() => onHiddenChange(new Set())}>
            Show all
          </button>
        )}
        {hidden.size < runs.length && (
          <button type="button" className="rounded px-2 py-1 hover:bg-subtle" onClick={() => onHiddenChange(new Set(runs.map((_, k) => k)))}>
            Hide all
          </button>
        )}
      </div>
      <ul className="flex max-h-28 flex-wrap gap-x-1 gap-y-0.5 overflow-y-auto" onMouseLeave={() => onHighlight(null)}>
        {entries.map(({ run, i }) => {
          const off = hidden.has(i);
          return (
            <li
              key={run.id}
              className={cn("group flex items-center rounded text-xs", highlighted === i && "bg-subtle")}
              onMouseEnter={() => onHighlight(off ? null : i)}
            >
              <button
                type="button"
                aria-pressed={!off}
                title={off ? `Show ${run.name}` : `Hide ${run.name}`}
                className={cn("flex max-w-56 items-center gap-1.5 rounded px-1.5 py-0.5 hover:bg-subtle", off && "text-muted line-through")}
                onClick={() => toggle(i)}
                onFocus={() => onHighlight(off ? null : i)}
              >
                <span
                  aria-hidden="true"
                  className="inline-block size-2.5 shrink-0 rounded-full"
                  style={{ backgroundColor: off ? "transparent" : colors[i], border: `2px solid ${colors[i]}` }}
                />
                <span className="truncate">{run.name}</span>
                {off ? <EyeOff className="size-3 shrink-0" aria-hidden="true" /> : <Eye className="sr-only" aria-hidden="true" />}
              </button>
              <button
                type="button"
                className="rounded p-0.5 text-muted opacity-0 group-hover:opacity-100 hover:text-fg focus:opacity-100"
                aria-label={isolated(i) ? `Show every run again` : `Show only ${run.name}`}
                onClick={() => isolate(i)}
              >
                <Focus className="size-3" aria-hidden="true" />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
