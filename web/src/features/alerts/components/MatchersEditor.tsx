import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Input, Select } from "@/components/ui/Input";
import type { LabelMatcher } from "../api/alert-types";

const OPS = ["=", "!=", "=~", "!~"] as const;

/** Label matchers (name op value): all must hold. */
export function MatchersEditor({ label, matchers, onChange }: { label: string; matchers: LabelMatcher[]; onChange: (m: LabelMatcher[]) => void }) {
  const set = (i: number, p: Partial<LabelMatcher>) => onChange(matchers.map((m, j) => (j === i ? { ...m, ...p } : m)));
  return (
    <fieldset className="min-w-0 flex flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium">{label}</legend>
      {matchers.map((m, i) => (
        <div key={i} className="flex gap-2">
          <Input aria-label={`${label} ${i + 1} label`} className="w-24 min-w-0 font-mono sm:w-36" value={m.name} placeholder="alertname" onChange={(e) => set(i, { name: e.target.value })} />
          <Select aria-label={`${label} ${i + 1} operator`} className="w-20 shrink-0" value={m.op ?? "="} onChange={(e) => set(i, { op: e.target.value as LabelMatcher["op"] })}>
            {OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </Select>
          <Input aria-label={`${label} ${i + 1} value`} className="min-w-0 font-mono" value={m.value} onChange={(e) => set(i, { value: e.target.value })} />
          <Button variant="ghost" aria-label={`Remove matcher ${i + 1}`} onClick={() => onChange(matchers.filter((_, j) => j !== i))}>
            <X className="size-4" aria-hidden="true" />
          </Button>
        </div>
      ))}
      <div>
        <Button size="sm" variant="ghost" onClick={() => onChange([...matchers, { name: "", op: "=", value: "" }])}>
          <Plus className="size-3.5" aria-hidden="true" /> Add matcher
        </Button>
      </div>
    </fieldset>
  );
}

export function matcherText(m: LabelMatcher): string {
  return `${m.name}${m.op ?? "="}"${m.value}"`;
}
