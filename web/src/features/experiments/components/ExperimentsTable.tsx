import { Pencil, RotateCcw, Trash2 } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatRelative } from "@/lib/format";
import type { Experiment } from "../api/experiment-queries";

interface ExperimentsTableProps {
  base: string;
  experiments: Experiment[];
  canWrite: boolean;
  onEdit: (e: Experiment) => void;
  onDelete: (e: Experiment) => void;
  onRestore: (e: Experiment) => void;
}

export function ExperimentsTable({ base, experiments, canWrite, onEdit, onDelete, onRestore }: ExperimentsTableProps) {
  return (
    <Table label="Experiments">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th className="hidden md:table-cell">Description</Th>
          <Th className="text-right">Created</Th>
          <Th className="text-right">Updated</Th>
          {canWrite && (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          )}
        </tr>
      </thead>
      <tbody>
        {experiments.map((e) => {
          const deleted = e.lifecycle_stage === "deleted";
          return (
            <Tr key={e.id}>
              <Td>
                <Link to={`${base}/${e.id}`} className="font-medium hover:underline">
                  {e.name}
                </Link>{" "}
                {deleted && <Badge tone="danger">deleted</Badge>}
                <div className="font-mono text-xs text-muted">id {e.id}</div>
              </Td>
              <Td className="hidden max-w-md truncate text-muted md:table-cell">{e.description || "—"}</Td>
              <Td className="text-right whitespace-nowrap text-muted">{formatRelative(e.created_at)}</Td>
              <Td className="text-right whitespace-nowrap text-muted">{formatRelative(e.updated_at)}</Td>
              {canWrite && (
                <Td className="text-right whitespace-nowrap">
                  <Button size="sm" variant="ghost" aria-label={`Edit ${e.name}`} onClick={() => onEdit(e)}>
                    <Pencil className="size-3.5" />
                  </Button>
                  {deleted ? (
                    <Button size="sm" variant="ghost" aria-label={`Restore ${e.name}`} onClick={() => onRestore(e)}>
                      <RotateCcw className="size-3.5" />
                    </Button>
                  ) : (
                    <Button size="sm" variant="ghost" aria-label={`Delete ${e.name}`} onClick={() => onDelete(e)}>
                      <Trash2 className="size-3.5" />
                    </Button>
                  )}
                </Td>
              )}
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
