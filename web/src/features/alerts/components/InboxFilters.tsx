import { Select } from "@/components/ui/Input";
import { cn } from "@/lib/cn";
import { INBOX_STATES, type InboxState } from "../api/alert-types";
import type { InboxView } from "../inbox";

interface InboxFiltersProps {
  view: InboxView;
  counts: Record<InboxState, number> | undefined;
  rules: string[];
  deployments: string[];
  onChange: (changes: Record<string, string | null>) => void;
}

/** The inbox's state tabs (with counts) and its severity, rule and deployment filters; all kept in the URL. */
export function InboxFilters({ view, counts, rules, deployments, onChange }: InboxFiltersProps) {
  return (
    <div className="flex flex-col gap-3">
      <div role="tablist" aria-label="Alert state" className="flex gap-1 overflow-x-auto">
        {INBOX_STATES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={view.state === s}
            onClick={() => onChange({ state: s === "firing" ? null : s })}
            className={cn(
              "flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm whitespace-nowrap capitalize",
              view.state === s ? "bg-accent/15 font-medium text-accent" : "text-muted hover:bg-subtle hover:text-fg",
            )}
          >
            {s}
            {counts && " "}
            {counts && <span className="rounded bg-subtle px-1.5 text-xs text-fg tabular-nums">{counts[s]}</span>}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Select aria-label="Severity" className="w-auto" value={view.severity ?? ""} onChange={(e) => onChange({ severity: e.target.value || null })}>
          <option value="">Any severity</option>
          <option value="critical">Critical</option>
          <option value="warning">Warning</option>
          <option value="info">Info</option>
        </Select>
        <Select aria-label="Rule" className="w-auto" value={view.rule ?? ""} onChange={(e) => onChange({ rule: e.target.value || null })}>
          <option value="">Any rule</option>
          {rules.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <Select aria-label="Deployment" className="w-auto" value={view.deployment ?? ""} onChange={(e) => onChange({ deployment: e.target.value || null })}>
          <option value="">Any deployment</option>
          {[...new Set([...deployments, ...(view.deployment ? [view.deployment] : [])])].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
