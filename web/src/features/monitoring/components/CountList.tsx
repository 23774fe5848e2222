import { formatCount } from "../format";

/** Counts by name (error codes, fields), largest first; nothing when all are absent. */
export function CountList({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <div className="text-sm">
      <h3 className="mb-1 font-medium">{title}</h3>
      <ul aria-label={title} className="flex flex-col gap-0.5">
        {entries.map(([name, n]) => (
          <li key={name} className="flex justify-between gap-2 font-mono text-xs">
            <span>{name}</span>
            <span className="tabular-nums">{formatCount(n)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
