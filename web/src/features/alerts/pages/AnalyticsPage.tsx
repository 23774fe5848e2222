import { Link } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { Select } from "@/components/ui/Input";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { useUrlParams } from "@/lib/use-url-params";
import { useAlertAnalytics } from "../api/alert-queries";
import type { RuleTally } from "../api/alert-types";
import { DayBars } from "../components/DayBars";
import { formatDuration } from "../format";
import { useAlertsRef } from "../use-project-ref";

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface px-4 py-3">
      <p className="text-xs text-muted">{label}</p>
      <p className="text-xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}

/** How often alerts fire, how fast they are acknowledged and resolved, and which rules are noisiest. */
export function AnalyticsPage() {
  const { projectRef, alertsBase } = useAlertsRef();
  const [params, setParams] = useUrlParams();
  const days = [7, 30, 90].includes(Number(params.get("days"))) ? Number(params.get("days")) : 30;
  const analytics = useAlertAnalytics(projectRef, days);
  return (
    <div className="flex flex-col gap-5">
      <Select aria-label="Range" className="w-auto self-start" value={String(days)} onChange={(e) => setParams({ days: e.target.value }, { days: "30" })}>
        <option value="7">Last 7 days</option>
        <option value="30">Last 30 days</option>
        <option value="90">Last 90 days</option>
      </Select>
      <QueryBoundary query={analytics} errorTitle="Could not load the analytics">
        {(a) => (
          <>
            <div className="grid gap-3 sm:grid-cols-3">
              <Tile label="Alerts fired" value={String(a.fired)} />
              <Tile label="Mean time to acknowledge" value={formatDuration(a.mean_time_to_acknowledge_seconds)} />
              <Tile label="Mean time to resolve" value={formatDuration(a.mean_time_to_resolve_seconds)} />
            </div>
            <Card>
              <CardHeader title="Alerts per day" />
              <div className="p-5">
                <DayBars days={a.by_day} from={a.from} to={a.to} />
              </div>
            </Card>
            <div className="grid gap-5 lg:grid-cols-[2fr_1fr]">
              <Card className="min-w-0">
                <CardHeader title="Per rule" />
                <RuleTallies label="Alerts per rule" rows={a.by_rule} alertsBase={alertsBase} />
              </Card>
              <Card>
                <CardHeader title="Noisiest rules" description="Fired most; among equals, resolved fastest (flapping)." />
                <ol aria-label="Noisiest rules" className="flex flex-col gap-2 p-5 text-sm">
                  {a.noisiest.length === 0 && <li className="text-muted">No alert fired in this range.</li>}
                  {a.noisiest.map((r) => (
                    <li key={r.rule_id} className="flex justify-between gap-2">
                      <Link to={`${alertsBase}/rules/${encodeURIComponent(r.rule_id)}`} className="truncate text-accent hover:underline">
                        {r.name}
                      </Link>
                      <span className="tabular-nums">{r.fired}</span>
                    </li>
                  ))}
                </ol>
              </Card>
            </div>
          </>
        )}
      </QueryBoundary>
    </div>
  );
}

function RuleTallies({ label, rows, alertsBase }: { label: string; rows: RuleTally[]; alertsBase: string }) {
  if (rows.length === 0) return <p className="p-5 text-sm text-muted">No alert fired in this range.</p>;
  return (
    <Table label={label}>
      <thead>
        <tr>
          <Th>Rule</Th>
          <Th className="text-right">Fired</Th>
          <Th className="text-right">Acknowledged</Th>
          <Th className="text-right">MTTA</Th>
          <Th className="text-right">MTTR</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.rule_id}>
            <Td>
              <Link to={`${alertsBase}?rule=${encodeURIComponent(r.name)}&state=resolved`} className="text-accent hover:underline">
                {r.name}
              </Link>
            </Td>
            <Td className="text-right tabular-nums">{r.fired}</Td>
            <Td className="text-right tabular-nums">{r.acknowledged}</Td>
            <Td className="text-right tabular-nums">{formatDuration(r.mean_time_to_acknowledge_seconds)}</Td>
            <Td className="text-right tabular-nums">{formatDuration(r.mean_time_to_resolve_seconds)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
