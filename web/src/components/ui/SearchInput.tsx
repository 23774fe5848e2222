import { Search } from "lucide-react";
import { Input } from "./Input";

interface SearchInputProps {
  /** The accessible name ("Search experiments"). */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}

/** The search box of a list toolbar: a magnifier inside, growing to the free width. */
export function SearchInput({ label, placeholder, value, onChange }: SearchInputProps) {
  return (
    <div className="relative min-w-48 flex-1">
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
      <Input type="search" aria-label={label} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} className="pl-8" />
    </div>
  );
}
