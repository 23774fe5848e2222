import { ArrowDown, ArrowUp } from "lucide-react";
import type { ReactNode } from "react";
import { Th } from "@/components/ui/Table";
import { cn } from "@/lib/cn";
import type { RunSort } from "../run-columns";

interface SortableThProps {
  by: string;
  sort: RunSort;
  onSort: (by: string) => void;
  children: ReactNode;
  className?: string;
}

/** A column header that sorts the runs on the server; aria-sort tells screen readers the order. */
export function SortableTh({ by, sort, onSort, children, className }: SortableThProps) {
  const active = sort.by === by;
  return (
    <Th className={cn("whitespace-nowrap", className)} aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-fg" onClick={() => onSort(by)}>
        {children}
        {active && (sort.descending ? <ArrowDown className="size-3" aria-hidden="true" /> : <ArrowUp className="size-3" aria-hidden="true" />)}
      </button>
    </Th>
  );
}
