import { Boxes } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/Badge";
import { formatRelative } from "@/lib/format";
import type { RegisteredModel } from "../api/model-queries";
import { StageBadge } from "./StageBadge";
import { stagesOf } from "../stages-of";

export function ModelsGrid({ base, models }: { base: string; models: RegisteredModel[] }) {
  return (
    <ul className="grid gap-3 p-3 sm:grid-cols-2 xl:grid-cols-3">
      {models.map((m) => (
        <li key={m.id}>
          <Link
            to={`${base}/${encodeURIComponent(m.name)}`}
            className="flex h-full flex-col gap-3 rounded-lg border border-border bg-surface p-4 hover:border-accent/60 hover:shadow-sm"
          >
            <div className="flex items-start gap-3">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-accent/10 text-accent">
                <Boxes className="size-4" aria-hidden="true" />
              </span>
              <div className="min-w-0">
                <div className="truncate font-medium">{m.name}</div>
                <div className="text-xs text-muted">
                  {m.version_count} version{m.version_count === 1 ? "" : "s"}
                  {m.latest_version != null && ` · latest v${m.latest_version}`}
                </div>
              </div>
            </div>
            {m.description && <p className="line-clamp-2 text-sm text-muted">{m.description}</p>}
            <div className="mt-auto flex flex-wrap items-center gap-1.5">
              {m.framework && <Badge>{m.framework}</Badge>}
              {stagesOf(m).map(({ stage, version }) => (
                <span key={stage} className="inline-flex items-center gap-1 text-xs text-muted">
                  <StageBadge stage={stage} />v{version}
                </span>
              ))}
              <span className="ml-auto text-xs text-muted">{formatRelative(m.updated_at)}</span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
