import { ScrollText } from "lucide-react";
import { useMemo, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { PageHeader } from "@/components/ui/PageHeader";
import { CursorPagination } from "@/components/ui/Pagination";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { useCurrentOrg } from "@/lib/current-org";
import { useCursorPages } from "@/lib/use-cursor-pages";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useAuditEvents } from "../api/audit-queries";
import { emptyAuditFilters, toAuditQuery } from "../audit-filters";
import { AuditFiltersBar } from "../components/AuditFiltersBar";
import { AuditTable } from "../components/AuditTable";

export function AuditLogPage() {
  const org = useCurrentOrg();
  const [form, setForm] = useState(emptyAuditFilters);
  const debounced = useDebouncedValue(form, 300);
  const filters = useMemo(() => toAuditQuery(debounced), [debounced]);
  const pages = useCursorPages(`${org.slug}|${JSON.stringify(filters)}`);
  const events = useAuditEvents(org.slug, filters, pages.cursor);

  if (org.role !== "admin") {
    return <EmptyState title="Admins only" description="The audit log shows security events of the whole organization; ask an admin if you need an entry." />;
  }
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, membership, roles, keys, projects, the model registry, runs and deployments: every change, newest first." />
      <Card>
        <AuditFiltersBar value={form} onChange={setForm} onClear={() => setForm(emptyAuditFilters)} />
        <QueryBoundary
          query={events}
          loading={<TableSkeleton rows={8} />}
          empty={
            <EmptyState
              icon={<ScrollText className="size-8" />}
              title={filtered ? "No events match" : "No events yet"}
              description={filtered ? "Widen the dates or clear the filters." : "Events appear here as people sign in, invite members and manage keys."}
            />
          }
        >
          {(data) => (
            <>
              <AuditTable events={data.items} />
              <CursorPagination
                page={pages.page}
                hasPrevious={pages.hasPrevious}
                hasNext={!!data.next_cursor}
                onPrevious={pages.previous}
                onNext={() => pages.next(data.next_cursor)}
              />
            </>
          )}
        </QueryBoundary>
      </Card>
    </>
  );
}
