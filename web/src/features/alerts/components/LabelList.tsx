/** name=value pairs as chips, under a heading. */
export function LabelList({ label, values }: { label: string; values: Record<string, string> }) {
  const entries = Object.entries(values);
  return (
    <div>
      <h3 className="mb-1.5 text-xs font-medium text-muted uppercase">{label}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-muted">None</p>
      ) : (
        <ul aria-label={label} className="flex flex-wrap gap-1.5">
          {entries.map(([k, v]) => (
            <li key={k} className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs break-all">
              {k}={v}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
