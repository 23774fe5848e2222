import type { ReactNode } from "react";

/** Headline figures of a report, each a label over its value. */
export function StatTiles({ label, items }: { label: string; items: Array<[string, ReactNode]> }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
      {items.map(([name, value]) => (
        <div key={name} className="rounded-md border border-border p-3">
          <dt className="text-xs text-muted">{name}</dt>
          <dd className="text-lg font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
