import { Select } from "@/components/ui/Input";
import type { ExperimentKeys } from "../api/analysis-queries";

interface GroupBySelectProps {
  /** The experiment's keys: each param and each tag (but MLflow's own `mlflow.*` tags) is a choice. */
  keys: ExperimentKeys | undefined;
  /** `params.x` or `tags.y`, or null for no grouping. */
  value: string | null;
  onChange: (groupBy: string | null) => void;
}

/**
 * "Group by" a param or tag, shared by the runs grid and the charts: both read the same URL
 * parameter (`group`), so switching tabs keeps the grouping.
 */
export function GroupBySelect({ keys, value, onChange }: GroupBySelectProps) {
  const choices = [...(keys?.params ?? []).map((k) => `params.${k}`), ...(keys?.tags ?? []).filter((k) => !k.startsWith("mlflow.")).map((k) => `tags.${k}`)];
  return (
    <label className="flex items-center gap-2 text-sm">
      Group by
      <Select aria-label="Group runs by" value={value ?? ""} onChange={(e) => onChange(e.target.value || null)} className="w-auto max-w-56">
        <option value="">No grouping</option>
        {/* A key from a shared link that this experiment does not have (yet) stays shown as chosen. */}
        {value && !choices.includes(value) && <option value={value}>{value}</option>}
        {choices.map((k) => (
          <option key={k} value={k}>
            {k.startsWith("params.") ? "param" : "tag"} {k.slice(k.indexOf(".") + 1)}
          </option>
        ))}
      </Select>
    </label>
  );
}
