import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyButton } from "@/components/ui/CopyButton";
import type { Snippets } from "../snippets";

const LABELS: Record<keyof Snippets, string> = { curl: "curl", python: "Python (requests)", mlflow: "mlflow", tritonclient: "tritonclient" };

/** The same request as code, one language at a time, with a copy button. */
export function SnippetTabs({ snippets }: { snippets: Partial<Snippets> }) {
  const kinds = (Object.keys(LABELS) as Array<keyof Snippets>).filter((k) => snippets[k]);
  const [kind, setKind] = useState<keyof Snippets>(kinds[0] ?? "curl");
  const code = snippets[kind] ?? "";
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Snippet language" className="flex flex-wrap gap-1">
          {kinds.map((k) => (
            <Button key={k} size="sm" variant={k === kind ? "primary" : "ghost"} aria-pressed={k === kind} onClick={() => setKind(k)}>
              {LABELS[k]}
            </Button>
          ))}
        </div>
        <CopyButton value={code} label={`Copy ${LABELS[kind]}`} />
      </div>
      <pre aria-label={`${LABELS[kind]} snippet`} tabIndex={0} className="overflow-x-auto rounded-md bg-subtle p-4 font-mono text-xs leading-relaxed">
        {code}
      </pre>
    </div>
  );
}
