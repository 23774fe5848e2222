import { Check } from "lucide-react";
import { cn } from "@/lib/cn";

/** The steps of a wizard, with the current one marked for screen readers too. */
export function WizardSteps({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="mb-6 flex items-center gap-2 text-sm" aria-label="Steps">
      {steps.map((label, i) => (
        <li key={label} className="flex items-center gap-2" aria-current={i === current ? "step" : undefined}>
          <span
            className={cn(
              "flex size-6 items-center justify-center rounded-full border text-xs font-medium",
              i < current && "border-accent bg-accent text-accent-fg",
              i === current && "border-accent text-accent",
              i > current && "border-border text-muted",
            )}
          >
            {i < current ? <Check className="size-3.5" aria-hidden="true" /> : i + 1}
          </span>
          <span className={cn(i === current ? "font-medium" : "text-muted")}>{label}</span>
          {i < steps.length - 1 && <span className="mx-1 h-px w-6 bg-border" aria-hidden="true" />}
        </li>
      ))}
    </ol>
  );
}
