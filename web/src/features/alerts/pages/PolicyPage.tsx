import { Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { FormError } from "@/components/ui/FormError";
import { useChannels, usePolicy, useSavePolicy } from "../api/channel-queries";
import type { NotificationPolicy } from "../api/alert-types";
import { RouteEditor } from "../components/RouteEditor";
import { newRoute, policyOf, routeFormOf, type RouteForm } from "../policy-form";
import { useAlertsRef } from "../use-project-ref";

/** The notification policy: routes tried in order; the first match (or each, with continue) notifies its channels. */
export function PolicyPage() {
  const { projectRef } = useAlertsRef();
  const policy = usePolicy(projectRef);
  return (
    <QueryBoundary query={policy} errorTitle="Could not load the notification policy">
      {(p) => <PolicyEditor key={JSON.stringify(p)} policy={p} />}
    </QueryBoundary>
  );
}

function PolicyEditor({ policy }: { policy: NotificationPolicy }) {
  const { projectRef, canEdit } = useAlertsRef();
  const channels = useChannels(projectRef);
  const save = useSavePolicy(projectRef);
  const [routes, setRoutes] = useState<RouteForm[]>(() => (policy.routes ?? []).map(routeFormOf));
  const [localError, setLocalError] = useState<string | null>(null);
  const names = (channels.data ?? []).map((c) => c.name);
  const built = policyOf(routes);
  return (
    <Card>
      <CardHeader
        title="Notification policy"
        description="Routes are tried in order. Alerts are grouped by the route's labels: the first notification waits the group wait, changes wait the group interval, and an unchanged group repeats after the repeat interval."
      />
      <form
        className="flex flex-col gap-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          setLocalError(built.error);
          if (built.policy) save.mutate(built.policy, { onSuccess: () => toast.success("Notification policy saved") });
        }}
      >
        {routes.length === 0 && <p className="text-sm text-muted">No routes: alerts notify nobody. Add a route.</p>}
        {routes.map((r, i) => (
          <RouteEditor
            key={i}
            index={i}
            route={r}
            channels={names}
            onChange={(next) => setRoutes((rs) => rs.map((x, j) => (j === i ? next : x)))}
            onRemove={() => setRoutes((rs) => rs.filter((_, j) => j !== i))}
          />
        ))}
        <div>
          <Button size="sm" onClick={() => setRoutes((rs) => [...rs, newRoute()])}>
            <Plus className="size-3.5" aria-hidden="true" /> Add route
          </Button>
        </div>
        <details className="text-sm">
          <summary className="cursor-pointer text-muted">JSON</summary>
          <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs">{JSON.stringify(built.policy ?? { error: built.error }, null, 2)}</pre>
        </details>
        {localError && (
          <p role="alert" className="text-sm text-danger">
            {localError}
          </p>
        )}
        <FormError error={save.error} />
        <div className="flex justify-end">
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!canEdit}>
            Save policy
          </Button>
        </div>
      </form>
    </Card>
  );
}
