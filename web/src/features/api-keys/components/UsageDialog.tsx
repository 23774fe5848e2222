import { QueryBoundary } from "@/components/QueryBoundary";
import { Dialog } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import type { ApiKey } from "@/lib/api/types";
import { formatRelative } from "@/lib/format";
import { useApiKeyUsage } from "../api/api-key-queries";
import { UsageChart } from "./UsageChart";

function UsageBody({ org, apiKey }: { org: string; apiKey: ApiKey }) {
  const usage = useApiKeyUsage(org, apiKey.id);
  return (
    <QueryBoundary query={usage} loading={<Skeleton className="h-40" />}>
      {(data) => (
        <div className="flex flex-col gap-4">
          <UsageChart days={data.days} />
          <p className="text-sm text-muted">
            Last used {formatRelative(data.last_used_at)}
            {data.last_used_ip && ` from ${data.last_used_ip}`}.
          </p>
        </div>
      )}
    </QueryBoundary>
  );
}

export function UsageDialog({ org, apiKey, onClose }: { org: string; apiKey: ApiKey | null; onClose: () => void }) {
  return (
    <Dialog open={!!apiKey} onOpenChange={(o) => !o && onClose()} title={`Usage of ${apiKey?.name ?? ""}`}>
      {apiKey && <UsageBody org={org} apiKey={apiKey} />}
    </Dialog>
  );
}
