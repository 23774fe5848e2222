import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import type { Pair } from "../rule-form";

interface PairsEditorProps {
  label: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  error?: string | undefined;
  /** The placeholder of a value input, by its name. */
  placeholderFor?: (key: string) => string | undefined;
}

/** Editable name → value rows (labels, annotations). */
export function PairsEditor({ label, pairs, onChange, error, placeholderFor }: PairsEditorProps) {
  const set = (i: number, p: Partial<Pair>) => onChange(pairs.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <fieldset className="min-w-0 flex flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium">{label}</legend>
      {pairs.map((p, i) => (
        <div key={i} className="flex gap-2">
          <Input aria-label={`${label} ${i + 1} name`} className="w-28 shrink-0 font-mono sm:w-40" value={p.key} onChange={(e) => set(i, { key: e.target.value })} placeholder="name" />
          <Input aria-label={`${label} ${i + 1} value${p.key ? ` (${p.key})` : ""}`} value={p.value} onChange={(e) => set(i, { value: e.target.value })} placeholder={placeholderFor?.(p.key)} className="min-w-0" />
          <Button variant="ghost" aria-label={`Remove ${label.toLowerCase()} ${p.key || i + 1}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
            <X className="size-4" aria-hidden="true" />
          </Button>
        </div>
      ))}
      <div>
        <Button size="sm" variant="ghost" onClick={() => onChange([...pairs, { key: "", value: "" }])}>
          <Plus className="size-3.5" aria-hidden="true" /> Add
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}
