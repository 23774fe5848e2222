import { Search } from "lucide-react";
import { Input, Select } from "@/components/ui/Input";
import type { ProjectSort } from "../api/project-queries";

export type VisibilityFilter = "all" | "org" | "private";

interface ProjectsToolbarProps {
  search: string;
  onSearchChange: (q: string) => void;
  visibility: VisibilityFilter;
  onVisibilityChange: (v: VisibilityFilter) => void;
  sort: ProjectSort;
  onSortChange: (s: ProjectSort) => void;
}

const sorts: Array<{ value: ProjectSort; label: string }> = [
  { value: "name", label: "Name A–Z" },
  { value: "-name", label: "Name Z–A" },
  { value: "-updated_at", label: "Recently updated" },
  { value: "-created_at", label: "Newest" },
  { value: "created_at", label: "Oldest" },
];

export function ProjectsToolbar({ search, onSearchChange, visibility, onVisibilityChange, sort, onSortChange }: ProjectsToolbarProps) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border p-3">
      <div className="relative min-w-48 flex-1">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
        <Input
          type="search"
          aria-label="Search projects"
          placeholder="Search by name or description"
          value={search}
          onChange={(e) => onSearchChange(e.target.value)}
          className="pl-8"
        />
      </div>
      <Select aria-label="Visibility" value={visibility} onChange={(e) => onVisibilityChange(e.target.value as VisibilityFilter)} className="w-auto">
        <option value="all">All projects</option>
        <option value="org">Visible to the organization</option>
        <option value="private">Private</option>
      </Select>
      <Select aria-label="Sort" value={sort} onChange={(e) => onSortChange(e.target.value as ProjectSort)} className="w-auto">
        {sorts.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
