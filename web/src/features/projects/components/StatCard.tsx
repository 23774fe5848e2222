import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatNumber } from "@/lib/format";

export function StatCard({ label, value, icon }: { label: string; value: number | undefined; icon: ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-4">
      <div className="flex items-center justify-between text-sm text-muted">
        {label}
        <span aria-hidden="true">{icon}</span>
      </div>
      <div className="mt-2 text-2xl font-semibold tabular-nums">{value === undefined ? <Skeleton className="h-8 w-16" /> : formatNumber(value)}</div>
    </div>
  );
}
