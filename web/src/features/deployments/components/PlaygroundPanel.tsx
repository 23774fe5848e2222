import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { Input, Select, Textarea } from "@/components/ui/Input";
import { Skeleton } from "@/components/ui/Skeleton";
import { parseSignature } from "@/lib/signature";
import { useServedVersion, type Deployment, type DeploymentRef, type ModelVersion } from "../api/deployment-queries";
import { invokeDeployment, type InvokeResult } from "../api/invoke";
import { absoluteUrl } from "../format";
import { buildScoringRequest, playgroundInputs, type PlaygroundInput } from "../playground";
import { buildSnippets } from "../snippets";
import { SnippetTabs } from "./SnippetTabs";

function exampleBody(version: ModelVersion): string {
  const example = version.input_example;
  return example ? JSON.stringify(example, null, 2) : JSON.stringify({ dataframe_split: { columns: ["x"], data: [[1.0]] } }, null, 2);
}

function Answer({ result }: { result: InvokeResult }) {
  const ok = result.status < 400;
  return (
    <section aria-label="Answer" className="flex flex-col gap-2">
      <p className="flex flex-wrap gap-x-4 text-sm">
        <span className={ok ? "font-medium text-success" : "font-medium text-danger"}>HTTP {result.status}</span>
        <span className="text-muted">{result.ms} ms</span>
        {result.revision && <span className="text-muted">revision r{result.revision}</span>}
        {result.cache && <span className="text-muted">cache {result.cache}</span>}
        {result.requestId && <span className="font-mono text-xs text-muted">request {result.requestId}</span>}
      </p>
      <pre className="max-h-80 overflow-auto rounded-md bg-subtle p-4 font-mono text-xs">{typeof result.body === "string" ? result.body : JSON.stringify(result.body, null, 2)}</pre>
    </section>
  );
}

function InputField({ input, value, error, onChange }: { input: PlaygroundInput; value: string; error: string | undefined; onChange: (v: string) => void }) {
  const label = `${input.name.startsWith("#") ? "input" : input.name} (${input.type}${input.optional ? ", optional" : ""})`;
  if (input.kind === "boolean") {
    return (
      <Field label={label} error={error}>
        <Select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </Select>
      </Field>
    );
  }
  return (
    <Field label={label} error={error} hint={input.kind === "tensor" ? "One row as JSON, e.g. [0.1, 0.2]." : undefined}>
      <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode={input.kind === "number" || input.kind === "integer" ? "decimal" : "text"} />
    </Field>
  );
}

function Playground({ deployment, deploymentRef, version }: { deployment: Deployment; deploymentRef: DeploymentRef; version: ModelVersion }) {
  const inputs = useMemo(() => playgroundInputs(parseSignature(version.signature)?.inputs ?? []), [version.signature]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [raw, setRaw] = useState(() => exampleBody(version));
  const [noCache, setNoCache] = useState(false);
  const send = useMutation({ mutationFn: (body: unknown) => invokeDeployment(deploymentRef, body, noCache) });

  const built = inputs.length > 0 ? buildScoringRequest(inputs, values) : null;
  let rawBody: Record<string, unknown> | null = null;
  if (!built) {
    try {
      rawBody = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      rawBody = null;
    }
  }
  const body = built?.ok ? built.body : rawBody;
  const snippets = body
    ? buildSnippets({ invocationsUrl: absoluteUrl(deployment.urls.invocations), endpointName: deployment.endpoint_name, body, inputs, row: built?.ok ? built.row : {} })
    : null;

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card>
        <CardHeader
          title="Request"
          description={inputs.length > 0 ? `One row, from the signature of ${version.model_name} v${version.version}.` : "The model has no signature: write the JSON body (MLflow scoring protocol)."}
        />
        <form
          className="flex flex-col gap-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            if (body) send.mutate(body);
          }}
        >
          {inputs.length > 0 ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {inputs.map((input) => (
                <InputField
                  key={input.name}
                  input={input}
                  value={values[input.name] ?? ""}
                  error={built && !built.ok && built.field === input.name && values[input.name] !== undefined ? built.message : undefined}
                  onChange={(v) => setValues((old) => ({ ...old, [input.name]: v }))}
                />
              ))}
            </div>
          ) : (
            <Field label="Body (JSON)" error={rawBody ? undefined : "Not valid JSON."}>
              <Textarea rows={10} className="font-mono text-xs" value={raw} onChange={(e) => setRaw(e.target.value)} />
            </Field>
          )}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> Skip the response cache
          </label>
          <div>
            <Button type="submit" variant="primary" disabled={!body} loading={send.isPending}>
              Send
            </Button>
            {built && !built.ok && <span className="ml-3 text-xs text-muted">{built.message}</span>}
          </div>
          {send.data && <Answer result={send.data} />}
        </form>
      </Card>
      <Card>
        <CardHeader title="The same request as code" description="Set CAIRN_API_KEY to an API key with the predict scope." />
        <div className="p-5">{snippets ? <SnippetTabs snippets={inputs.length > 0 ? snippets : { curl: snippets.curl, python: snippets.python }} /> : <p className="text-sm text-muted">Fill in the request to see it as code.</p>}</div>
      </Card>
    </div>
  );
}

/** Try a deployment: a form built from the model's signature, the answer, and the request as curl, Python, mlflow and tritonclient. */
export function PlaygroundPanel({ deployment, deploymentRef }: { deployment: Deployment; deploymentRef: DeploymentRef }) {
  const version = useServedVersion(deploymentRef, deployment.source.model, deployment.model_version);
  return (
    <QueryBoundary query={version} loading={<Skeleton className="h-64" />} errorTitle="Could not load the model's signature">
      {(v) => <Playground key={`${v.model_name}-${v.version}`} deployment={deployment} deploymentRef={deploymentRef} version={v} />}
    </QueryBoundary>
  );
}
