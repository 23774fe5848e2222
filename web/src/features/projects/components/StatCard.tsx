import type { ReactNode } from "react";
import { Link } from "react-router";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatNumber } from "@/lib/format";

/** A count of the project; with `to`, its label links to the page that lists them. */
export function StatCard({ label, value, icon, to }: { label: string; value: number | undefined; icon: ReactNode; to?: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-4">
      <div className="flex items-center justify-between text-sm text-muted">
        {to ? (
          <Link to={to} className="hover:text-fg hover:underline">
            {label}
          </Link>
        ) : (
          label
        )}
        <span aria-hidden="true">{icon}</span>
      </div>
      <div className="mt-2 text-2xl font-semibold tabular-nums">{value === undefined ? <Skeleton className="h-8 w-16" /> : formatNumber(value)}</div>
    </div>
  );
}
