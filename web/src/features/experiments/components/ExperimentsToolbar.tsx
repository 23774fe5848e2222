import { Select } from "@/components/ui/Input";
import { SearchInput } from "@/components/ui/SearchInput";
import type { ExperimentSort, TrackingView } from "../api/experiment-queries";

interface ExperimentsToolbarProps {
  search: string;
  onSearch: (q: string) => void;
  view: TrackingView;
  onView: (v: TrackingView) => void;
  sort: ExperimentSort;
  onSort: (s: ExperimentSort) => void;
}

export function ExperimentsToolbar(p: ExperimentsToolbarProps) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border p-3">
      <SearchInput label="Search experiments" placeholder="Search by name" value={p.search} onChange={p.onSearch} />
      <Select aria-label="Show" value={p.view} onChange={(e) => p.onView(e.target.value as TrackingView)} className="w-auto">
        <option value="active">Active experiments</option>
        <option value="deleted">Deleted experiments</option>
        <option value="all">All experiments</option>
      </Select>
      <Select aria-label="Sort" value={p.sort} onChange={(e) => p.onSort(e.target.value as ExperimentSort)} className="w-auto">
        <option value="-created_at">Newest</option>
        <option value="-updated_at">Recently updated</option>
        <option value="name">Name A–Z</option>
        <option value="-name">Name Z–A</option>
        <option value="created_at">Oldest</option>
      </Select>
    </div>
  );
}
