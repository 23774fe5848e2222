import { LayoutGrid, List, Search } from "lucide-react";
import { Input, Select } from "@/components/ui/Input";
import { cn } from "@/lib/cn";
import { MODEL_STAGES, type ModelSort, type ModelStage } from "../api/model-queries";

export type ModelsView = "grid" | "table";

// Common flavors; the server takes any string, and ones seen in the list are added.
const KNOWN_FRAMEWORKS = ["sklearn", "xgboost", "lightgbm", "pytorch", "tensorflow", "onnx", "pyfunc"];

interface ModelsToolbarProps {
  search: string;
  onSearch: (v: string) => void;
  stage: ModelStage | "";
  onStage: (v: ModelStage | "") => void;
  framework: string;
  onFramework: (v: string) => void;
  seenFrameworks: string[];
  sort: ModelSort;
  onSort: (v: ModelSort) => void;
  view: ModelsView;
  onView: (v: ModelsView) => void;
}

export function ModelsToolbar(p: ModelsToolbarProps) {
  const frameworks = Array.from(new Set([...KNOWN_FRAMEWORKS, ...p.seenFrameworks, ...(p.framework ? [p.framework] : [])])).sort();
  const viewButton = (v: ModelsView, label: string, Icon: typeof List) => (
    <button
      type="button"
      aria-pressed={p.view === v}
      aria-label={label}
      onClick={() => p.onView(v)}
      className={cn("rounded p-1.5", p.view === v ? "bg-subtle text-fg" : "text-muted hover:text-fg")}
    >
      <Icon className="size-4" />
    </button>
  );
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border p-3">
      <div className="relative min-w-48 flex-1">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
        <Input type="search" aria-label="Search models" placeholder="Search names, descriptions, tags" value={p.search} onChange={(e) => p.onSearch(e.target.value)} className="pl-8" />
      </div>
      <Select aria-label="Stage" value={p.stage} onChange={(e) => p.onStage(e.target.value as ModelStage | "")} className="w-auto">
        <option value="">Any stage</option>
        {MODEL_STAGES.map((s) => (
          <option key={s} value={s}>
            Has a {s} version
          </option>
        ))}
      </Select>
      <Select aria-label="Framework" value={p.framework} onChange={(e) => p.onFramework(e.target.value)} className="w-auto">
        <option value="">Any framework</option>
        {frameworks.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </Select>
      <Select aria-label="Sort" value={p.sort} onChange={(e) => p.onSort(e.target.value as ModelSort)} className="w-auto">
        <option value="-updated_at">Recently updated</option>
        <option value="name">Name A–Z</option>
        <option value="-created_at">Newest</option>
      </Select>
      <div className="flex gap-0.5 rounded-md border border-border p-0.5" role="group" aria-label="View">
        {viewButton("grid", "Grid view", LayoutGrid)}
        {viewButton("table", "Table view", List)}
      </div>
    </div>
  );
}
