import { Rocket, X } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { useDeleteAlias, useSetAlias, type ModelRef } from "../api/model-queries";

// MLflow's rule: `latest` and version-like names (3, v3) are reserved.
const RESERVED = /^(latest|v?\d+)$/i;

interface AliasesCardProps {
  modelRef: ModelRef;
  aliases: Record<string, number>;
  canWrite: boolean;
  latest: number | null;
  /** The deploy page; each alias links to it to deploy a deployment that follows the alias. */
  deployBase?: string;
}

/** Named pointers at versions (`champion` → v4), set, moved and removed here; each can be deployed. */
export function AliasesCard({ modelRef, aliases, canWrite, latest, deployBase }: AliasesCardProps) {
  const setAlias = useSetAlias(modelRef);
  const deleteAlias = useDeleteAlias(modelRef);
  const [alias, setName] = useState("");
  const [version, setVersion] = useState(latest ? String(latest) : "");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    const name = alias.trim();
    if (!name) return setProblem("Name the alias, e.g. champion.");
    if (RESERVED.test(name)) return setProblem("`latest` and version-like names (3, v3) are reserved.");
    if (!/^\d+$/.test(version) || Number(version) < 1) return setProblem("Enter a version number.");
    setProblem(null);
    setAlias.mutate({ alias: name, version: Number(version) }, { onSuccess: () => setName("") });
  };

  return (
    <Card>
      <CardHeader title="Aliases" description="Load a model by alias: models:/name@champion." />
      <ul className="flex flex-wrap gap-2 px-5 pt-4">
        {Object.keys(aliases).length === 0 && <li className="text-sm text-muted">No aliases yet.</li>}
        {Object.entries(aliases).map(([name, v]) => (
          <li key={name} className="inline-flex max-w-full items-center gap-1 rounded-full bg-accent/10 py-0.5 pr-1 pl-2.5 text-sm text-accent">
            <span className="wrap-anywhere">
              @{name} → v{v}
            </span>
            {canWrite && deployBase && (
              <Link
                to={`${deployBase}?model=${encodeURIComponent(modelRef.model)}&alias=${encodeURIComponent(name)}`}
                aria-label={`Deploy alias ${name}`}
                title="Deploy: follows the alias when it moves"
                className="rounded-full p-0.5 hover:bg-accent/20"
              >
                <Rocket className="size-3" aria-hidden="true" />
              </Link>
            )}
            {canWrite && (
              <button
                type="button"
                aria-label={`Remove alias ${name}`}
                className="rounded-full p-0.5 hover:bg-accent/20"
                onClick={() => deleteAlias.mutate(name)}
              >
                <X className="size-3" />
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          className="flex flex-col gap-2 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="flex gap-2">
            <Input aria-label="Alias" placeholder="champion" value={alias} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? true : undefined} />
            <Input aria-label="Version" placeholder="v" inputMode="numeric" className="w-20" value={version} onChange={(e) => setVersion(e.target.value)} />
            <Button type="submit" loading={setAlias.isPending}>
              Set
            </Button>
          </div>
          {problem && (
            <p role="alert" className="text-xs text-danger">
              {problem}
            </p>
          )}
          <FormError error={setAlias.error} />
        </form>
      )}
    </Card>
  );
}
