import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatNumber } from "@/lib/format";
import { useDeploymentStats, type Deployment, type ProjectRef } from "../api/deployment-queries";
import { describeSource, describeTraffic, formatMs, formatRate } from "../format";
import { StateBadge } from "./StateBadge";

function StatsCells({ projectRef, name }: { projectRef: ProjectRef; name: string }) {
  const stats = useDeploymentStats({ ...projectRef, deployment: name });
  const t = stats.data?.totals;
  return (
    <>
      <Td className="text-right tabular-nums">{formatRate(t?.requests_per_second)}</Td>
      <Td className="text-right tabular-nums">{formatMs(t?.p99_ms)}</Td>
      <Td className="text-right tabular-nums">{t ? formatNumber(t.errors) : "—"}</Td>
    </>
  );
}

/** The deployments of one environment with their state and the last five minutes of traffic. */
export function DeploymentsTable({ environment, deployments, projectRef, projectBase }: { environment: string; deployments: Deployment[]; projectRef: ProjectRef; projectBase: string }) {
  return (
    <Table label={`Deployments in ${environment}`}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>State</Th>
          <Th>Model</Th>
          <Th>Revision</Th>
          <Th>Traffic</Th>
          <Th className="text-right">Req/s</Th>
          <Th className="text-right">p99</Th>
          <Th className="text-right">Errors (5 min)</Th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <Tr key={d.id}>
            <Td>
              <Link to={`${projectBase}/deployments/${encodeURIComponent(d.name)}`} className="font-medium text-accent hover:underline">
                {d.name}
              </Link>
            </Td>
            <Td>
              <StateBadge state={d.status.state} />
            </Td>
            <Td className="font-mono text-xs">{describeSource(d.source, d.model_version)}</Td>
            <Td className="tabular-nums">r{d.revision}</Td>
            <Td className="text-xs">{describeTraffic(d.traffic)}</Td>
            <StatsCells projectRef={projectRef} name={d.name} />
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
