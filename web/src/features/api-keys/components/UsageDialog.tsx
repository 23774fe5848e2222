import { Dialog } from "@/components/ui/Dialog";
import { ErrorState } from "@/components/ui/ErrorState";
import { Skeleton } from "@/components/ui/Skeleton";
import type { ApiKey } from "@/lib/api/types";
import { formatRelative } from "@/lib/format";
import { useApiKeyUsage } from "../api/api-key-queries";
import { UsageChart } from "./UsageChart";

function UsageBody({ org, apiKey }: { org: string; apiKey: ApiKey }) {
  const usage = useApiKeyUsage(org, apiKey.id);
  if (usage.isPending) return <Skeleton className="h-40" />;
  if (usage.isError) return <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      <UsageChart days={usage.data.days} />
      <p className="text-sm text-muted">
        Last used {formatRelative(usage.data.last_used_at)}
        {usage.data.last_used_ip && ` from ${usage.data.last_used_ip}`}.
      </p>
    </div>
  );
}

export function UsageDialog({ org, apiKey, onClose }: { org: string; apiKey: ApiKey | null; onClose: () => void }) {
  return (
    <Dialog open={!!apiKey} onOpenChange={(o) => !o && onClose()} title={`Usage of ${apiKey?.name ?? ""}`}>
      {apiKey && <UsageBody org={org} apiKey={apiKey} />}
    </Dialog>
  );
}
