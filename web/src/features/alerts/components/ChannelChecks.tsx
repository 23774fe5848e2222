/** Channels to pick by name, as checkboxes. */
export function ChannelChecks({ label, channels, value, onChange }: { label: string; channels: string[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1.5 text-sm font-medium">{label}</legend>
      {channels.length === 0 && <p className="text-xs text-muted">No channels yet: add one under Channels.</p>}
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {[...new Set([...channels, ...value])].map((c) => (
          <label key={c} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.includes(c)} onChange={(e) => onChange(e.target.checked ? [...value, c] : value.filter((x) => x !== c))} /> {c}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
