import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import type { AuditFilterForm } from "../audit-filters";

interface AuditFiltersBarProps {
  value: AuditFilterForm;
  onChange: (v: AuditFilterForm) => void;
  onClear: () => void;
}

export function AuditFiltersBar({ value, onChange, onClear }: AuditFiltersBarProps) {
  const set = (key: keyof AuditFilterForm) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  const label = "flex flex-col gap-1 text-xs font-medium text-muted";
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-border p-3">
      <label className={label}>
        Action
        <Input value={value.action} onChange={set("action")} placeholder="api_key.create" className="w-48" />
      </label>
      <label className={label}>
        Target type
        <Input value={value.targetType} onChange={set("targetType")} placeholder="project" className="w-36" />
      </label>
      <label className={label}>
        From
        <Input type="date" value={value.since} onChange={set("since")} className="w-40" />
      </label>
      <label className={label}>
        To
        <Input type="date" value={value.until} onChange={set("until")} className="w-40" />
      </label>
      <Button variant="ghost" onClick={onClear}>
        Clear
      </Button>
    </div>
  );
}
