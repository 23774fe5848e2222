import { CheckCircle2, Circle, X } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Card } from "@/components/ui/Card";
import { useOnboarding } from "../api/onboarding-queries";
import { checklistSteps } from "../checklist-steps";

const dismissedKey = (org: string) => `cairn.checklist-dismissed.${org}`;

function wasDismissed(org: string): boolean {
  try {
    return localStorage.getItem(dismissedKey(org)) === "1";
  } catch {
    return false;
  }
}

/** The first-run checklist: six steps that tick themselves as the organization takes them; hidden once done or dismissed. */
export function OnboardingChecklist({ org }: { org: string }) {
  const onboarding = useOnboarding(org);
  const [dismissed, setDismissed] = useState(() => wasDismissed(org));
  if (dismissed || !onboarding.data) return null;
  const steps = checklistSteps(org, onboarding.data);
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(dismissedKey(org), "1");
    } catch {
      // A browser without storage shows the checklist again next time; nothing else depends on it.
    }
    setDismissed(true);
  };
  return (
    <div data-tour="checklist" className="mb-6">
    <Card>
      <div className="flex items-start justify-between gap-3 border-b border-border px-5 py-4">
        <div>
          <h2 className="text-sm font-semibold">Get started</h2>
          <p className="mt-0.5 text-sm text-muted">
            {done} of {steps.length} done. <Link to={`/o/${org}/quick-start`} className="text-accent underline">Quick start</Link> has the snippets.
          </p>
        </div>
        <button type="button" onClick={dismiss} className="rounded p-1 text-muted hover:bg-subtle" aria-label="Dismiss the checklist">
          <X className="size-4" />
        </button>
      </div>
      <ol aria-label="First steps" className="grid gap-1 p-3 sm:grid-cols-2">
        {steps.map((s) => (
          <li key={s.id}>
            <Link to={s.to} className="flex items-start gap-2.5 rounded-md px-2 py-2 hover:bg-subtle">
              {s.done ? (
                <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-green-600" aria-label="Done" />
              ) : (
                <Circle className="mt-0.5 size-4 shrink-0 text-muted" aria-label="To do" />
              )}
              <span>
                <span className={s.done ? "text-sm text-muted line-through" : "text-sm font-medium"}>{s.label}</span>
                <span className="block text-xs text-muted">{s.hint}</span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </Card>
    </div>
  );
}
