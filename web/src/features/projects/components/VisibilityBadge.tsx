import { Globe, Lock } from "lucide-react";
import type { Visibility } from "@/lib/api/types";

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return visibility === "private" ? (
    <span className="inline-flex items-center gap-1 text-xs text-muted">
      <Lock className="size-3" aria-hidden="true" /> Private
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-xs text-muted">
      <Globe className="size-3" aria-hidden="true" /> Organization
    </span>
  );
}
