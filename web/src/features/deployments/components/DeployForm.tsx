import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { Notice } from "@/components/ui/Notice";
import { isApiError } from "@/lib/api/errors";
import type { CreateDeploymentRequest, DeploymentSource, Environment } from "../api/deployment-queries";
import { DEFAULT_CONFIG, configInput, configProblem, configValues, describeConfig, type ConfigValues } from "../config";
import { ConfigFields } from "./ConfigFields";

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

type SourceKind = "version" | "alias" | "stage";

export interface DeployFormInitial {
  model: string;
  kind: SourceKind;
  /** The version number, alias or stage. */
  value: string;
}

interface DeployFormProps {
  initial: DeployFormInitial;
  environments: Environment[];
  /** The version the source serves now, when known (an alias's target). */
  resolvedVersion?: number | undefined;
  onSubmit: (body: CreateDeploymentRequest) => void;
  pending: boolean;
  error: unknown;
}

/** A deployment name from a model name: lowercase letters, digits and `-`, at most 63. */
export function nameFromModel(model: string): string {
  return (
    model
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63)
      .replace(/-+$/g, "") || "model"
  );
}

/** Server field names (`config.workers.max`) to the form's fields. */
const SERVER_FIELDS: Record<string, keyof ConfigValues> = {
  "config.workers.min": "minWorkers",
  "config.workers.max": "maxWorkers",
  "config.batching.max_batch_size": "maxBatchSize",
  "config.batching.max_queue_delay_ms": "maxQueueDelayMs",
  "config.timeout_ms": "timeoutMs",
  "config.max_rows": "maxRows",
  "config.cache.ttl_seconds": "cacheTtlSeconds",
  "config.sampling_rate": "samplingRate",
};

/** The deploy wizard: what to deploy, where, and how, with a summary of what it starts. */
export function DeployForm({ initial, environments, resolvedVersion, onSubmit, pending, error }: DeployFormProps) {
  const [model, setModel] = useState(initial.model);
  const [kind, setKind] = useState<SourceKind>(initial.kind);
  const [value, setValue] = useState(initial.value);
  const [name, setName] = useState(nameFromModel(initial.model));
  const [environment, setEnvironment] = useState(environments.find((e) => e.tier === "development")?.name ?? environments[0]?.name ?? "");
  const [config, setConfig] = useState<ConfigValues>(configValues(DEFAULT_CONFIG));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);

  const serverField = isApiError(error) && error.field ? error.field : null;
  const configError = problem && problem.field in configValues(DEFAULT_CONFIG) ? (problem as { field: keyof ConfigValues; message: string }) : null;
  const serverConfigError = serverField && SERVER_FIELDS[serverField] ? { field: SERVER_FIELDS[serverField]!, message: (error as Error).message } : null;
  const fieldError = (f: string) => (problem?.field === f ? problem.message : serverField === f ? (error as Error).message : undefined);
  const tier = environments.find((e) => e.name === environment)?.tier;

  const submit = () => {
    if (!model.trim()) return setProblem({ field: "model", message: "Name the registered model." });
    if (!NAME.test(name)) return setProblem({ field: "name", message: "Use lowercase letters, digits and - (1 to 63, not at the ends)." });
    if (!environment) return setProblem({ field: "environment", message: "Choose an environment." });
    if (kind === "version" && !/^[1-9]\d*$/.test(value)) return setProblem({ field: "source", message: "Enter a version number." });
    if (kind === "alias" && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) return setProblem({ field: "source", message: "Enter an alias, e.g. champion." });
    const bad = configProblem(config);
    if (bad) return setProblem(bad);
    setProblem(null);
    const source: DeploymentSource =
      kind === "version" ? { model: model.trim(), version: Number(value) } : kind === "alias" ? { model: model.trim(), alias: value } : { model: model.trim(), stage: value as "staging" | "production" };
    onSubmit({ name, environment, source, config: configInput(config) });
  };

  return (
    <form
      className="grid gap-6 lg:grid-cols-[2fr_1fr]"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="What and where" />
          <div className="grid gap-4 p-5 sm:grid-cols-2">
            <Field label="Model" error={fieldError("model") ?? fieldError("source.model")}>
              <Input value={model} onChange={(e) => setModel(e.target.value)} placeholder="churn-classifier" />
            </Field>
            <div className="grid grid-cols-[8rem_1fr] gap-2">
              <Field label="Follow">
                <Select
                  value={kind}
                  onChange={(e) => {
                    const k = e.target.value as SourceKind;
                    setKind(k);
                    setValue(k === "stage" ? "production" : "");
                  }}
                >
                  <option value="version">a version</option>
                  <option value="alias">an alias</option>
                  <option value="stage">a stage</option>
                </Select>
              </Field>
              {kind === "stage" ? (
                <Field label="Stage">
                  <Select value={value} onChange={(e) => setValue(e.target.value)}>
                    <option value="staging">staging</option>
                    <option value="production">production</option>
                  </Select>
                </Field>
              ) : (
                <Field label={kind === "version" ? "Version" : "Alias"} error={fieldError("source")}>
                  <Input value={value} onChange={(e) => setValue(e.target.value)} inputMode={kind === "version" ? "numeric" : "text"} />
                </Field>
              )}
            </div>
            <Field label="Deployment name" error={fieldError("name")} hint="Unique in the project; part of its URL.">
              <Input value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label="Environment" error={fieldError("environment")}>
              <Select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
                {environments.map((env) => (
                  <option key={env.name} value={env.name}>
                    {env.name} ({env.tier})
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {tier === "production" && (
            <div className="px-5 pb-5">
              <Notice>Production follows your organization&apos;s promotion rule: you may need to be an admin to deploy here.</Notice>
            </div>
          )}
        </Card>
        <Card>
          <CardHeader title="How it runs" description="Sensible defaults; every setting can change later (each change is a new revision)." />
          <div className="p-5">
            <ConfigFields values={config} onChange={setConfig} problem={configError ?? serverConfigError} />
          </div>
        </Card>
      </div>
      <Card className="self-start">
        <CardHeader title="What this starts" />
        <div className="flex flex-col gap-3 p-5 text-sm">
          <p>
            <span className="font-medium">{name || "(unnamed)"}</span> in <span className="font-medium">{environment || "—"}</span> serving{" "}
            <span className="font-mono">
              {model || "?"}
              {kind === "version" ? ` v${value || "?"}` : kind === "alias" ? `@${value || "?"}` : ` (${value})`}
            </span>
            {kind !== "version" && resolvedVersion ? ` (now v${resolvedVersion}; it follows when the ${kind} moves)` : ""}.
          </p>
          <ul className="list-disc pl-5 text-muted" aria-label="Summary">
            {describeConfig(config).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <FormError error={serverField && (SERVER_FIELDS[serverField] || ["name", "environment", "source", "model", "source.model"].includes(serverField)) ? null : error} />
          <Button type="submit" variant="primary" loading={pending}>
            Deploy
          </Button>
        </div>
      </Card>
    </form>
  );
}
