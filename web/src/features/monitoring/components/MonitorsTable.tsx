import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Monitor, ProjectRef } from "../api/monitor-queries";
import type { TimeRange } from "../time-range";
import { MonitorHealthCells } from "./MonitorHealthCells";

interface MonitorsTableProps {
  monitors: Monitor[];
  deploymentNames: Map<string, string> | undefined;
  projectRef: ProjectRef;
  projectBase: string;
  range: TimeRange;
}

/** Every monitor of the project with its health over the range, each linking to its dashboard. */
export function MonitorsTable({ monitors, deploymentNames, projectRef, projectBase, range }: MonitorsTableProps) {
  return (
    <Table label="Monitors">
      <thead>
        <tr>
          <Th>Monitor</Th>
          <Th>Source</Th>
          <Th className="text-right">Requests</Th>
          <Th className="text-right">p99</Th>
          <Th className="text-right">Error rate</Th>
          <Th>Drift</Th>
          <Th className="text-right">Worst missing</Th>
        </tr>
      </thead>
      <tbody>
        {monitors.map((m) => (
          <Tr key={m.id}>
            <Td>
              <Link to={`${projectBase}/monitoring/${encodeURIComponent(m.name)}`} className="font-medium text-accent hover:underline">
                {m.name}
              </Link>
            </Td>
            <Td className="text-xs">{m.deployment_id ? `Deployment ${deploymentNames?.get(m.deployment_id) ?? ""}`.trim() : "API"}</Td>
            <MonitorHealthCells monitorRef={{ ...projectRef, monitor: m.name }} range={range} />
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
