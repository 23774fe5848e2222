import { AlertTriangle } from "lucide-react";
import type { ReactNode } from "react";

/** A warning worth reading before acting; the icon carries the colour, the text stays readable. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-fg">
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}
