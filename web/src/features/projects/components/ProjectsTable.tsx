import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import type { Project } from "@/lib/api/types";
import { formatRelative } from "@/lib/format";
import { VisibilityBadge } from "./VisibilityBadge";

export function ProjectsTable({ org, projects }: { org: string; projects: Project[] }) {
  return (
    <Table label="Projects">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th className="hidden lg:table-cell">Description</Th>
          <Th>Visibility</Th>
          <Th className="text-right">Updated</Th>
        </tr>
      </thead>
      <tbody>
        {projects.map((p) => (
          <Tr key={p.id}>
            <Td>
              <Link to={`/o/${org}/projects/${p.slug}`} className="font-medium hover:underline">
                {p.name}
              </Link>
              <div className="font-mono text-xs text-muted">{p.slug}</div>
            </Td>
            <Td className="hidden max-w-md truncate text-muted lg:table-cell">{p.description || "—"}</Td>
            <Td>
              <VisibilityBadge visibility={p.visibility} />
            </Td>
            <Td className="text-right text-muted whitespace-nowrap">{formatRelative(p.updated_at)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
