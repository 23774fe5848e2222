import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import { formatDateTime } from "@/lib/format";
import { useSetReference, type Monitor, type MonitorRef } from "../api/monitor-queries";
import { formatCount } from "../format";
import { MAX_REFERENCE_ROWS } from "../lib/reference-limits";
import { fromLocalInput, toLocalInput, toLocalInputEnd, type Span } from "../time-range";

const SOURCES: Record<string, string> = {
  records: "records sent as JSON",
  csv: "an uploaded CSV file",
  parquet: "an uploaded Parquet file",
  window: "a window of production traffic",
  dataset: "a training dataset logged with its run",
};

interface ReferenceCardProps {
  monitor: Monitor;
  monitorRef: MonitorRef;
  /** The dashboard's range, proposed as the production window. */
  span: Span;
  canEdit: boolean;
}

/** The data drift is judged against: what it is now, and setting it from a CSV file or a window of production traffic. */
export function ReferenceCard({ monitor, monitorRef, span, canEdit }: ReferenceCardProps) {
  const setReference = useSetReference(monitorRef);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const [from, setFrom] = useState(toLocalInput(span.from));
  const [to, setTo] = useState(toLocalInputEnd(span.to));
  const [runId, setRunId] = useState("");
  const [fileError, setFileError] = useState<Error | null>(null);
  const [datasetName, setDatasetName] = useState("");
  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const windowValid = fromMs !== null && toMs !== null && fromMs < toMs;
  const ref = monitor.reference;
  const features = Object.entries(ref?.features ?? {});
  const done = () => toast.success("Reference set: drift is now judged against it");

  return (
    <Card>
      <CardHeader title="Reference data" description="Drift compares production with this data. Its statistics are computed once and stored." />
      <div className="flex flex-col gap-6 p-5">
        {ref ? (
          <div className="flex flex-col gap-2 text-sm">
            <p>
              From {ref.dataset ?? SOURCES[ref.source ?? ""] ?? "an unknown source"}: {formatCount(ref.rows)} rows, set{" "}
              {formatDateTime(ref.created_at)}.
            </p>
            {features.length > 0 && (
              <ul aria-label="Reference features" className="flex flex-wrap gap-1.5">
                {features.map(([name, kind]) => (
                  <li key={name} className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">
                    {name} <span className="text-muted">{kind}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p className="text-sm text-muted">No reference yet: drift cannot be judged until one is set.</p>
        )}
        {canEdit && (
          <div className="grid gap-6 md:grid-cols-2">
            <div className="flex flex-col gap-2">
              <h3 className="text-sm font-medium">Upload a CSV or Parquet file</h3>
              <p className="text-xs text-muted">
                One column per feature (the training set, for instance); the header or the Parquet schema names the features. At most{" "}
                {formatCount(MAX_REFERENCE_ROWS)} rows.
              </p>
              <label htmlFor={fileId} className="sr-only">
                Reference CSV or Parquet file
              </label>
              <input
                id={fileId}
                ref={fileInput}
                type="file"
                accept=".csv,text/csv,.parquet,application/vnd.apache.parquet"
                className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface file:px-2.5 file:py-1 file:text-sm file:font-medium"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileError(null);
                  if (file.name.toLowerCase().endsWith(".parquet")) {
                    // Sent as it is: the server reads Parquet and names what it cannot read.
                    setReference.mutate({ parquet: file }, { onSuccess: done });
                  } else {
                    void file.text().then((csv) => setReference.mutate({ csv }, { onSuccess: done }));
                  }
                  e.target.value = "";
                }}
                disabled={setReference.isPending}
              />
            </div>
            <form
              className="flex flex-col gap-2"
              aria-label="Production window"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (windowValid) setReference.mutate({ window: { from: fromMs, to: toMs } }, { onSuccess: done });
              }}
            >
              <h3 className="text-sm font-medium">Use a window of production traffic</h3>
              <p className="text-xs text-muted">
                The records kept from that window (the deployment&apos;s sampling rate decides how many) become the reference.
              </p>
              <div className="grid gap-3 sm:grid-cols-2">
                <Field label="Window from" error={fromMs !== null && toMs !== null && !windowValid ? "The start must be before the end." : undefined}>
                  <Input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
                </Field>
                <Field label="Window to">
                  <Input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
                </Field>
              </div>
              <div>
                <Button type="submit" disabled={!windowValid} loading={setReference.isPending}>
                  Use this window
                </Button>
              </div>
            </form>
            <form
              className="flex flex-col gap-2 md:col-span-2"
              aria-label="Training dataset"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                const dataset = { ...(runId.trim() ? { run_id: runId.trim() } : {}), ...(datasetName.trim() ? { name: datasetName.trim() } : {}) };
                setReference.mutate({ dataset }, { onSuccess: done });
              }}
            >
              <h3 className="text-sm font-medium">Use the training dataset a run logged</h3>
              <p className="text-xs text-muted">
                The dataset the run logged with <code>mlflow.log_input</code> (context &quot;training&quot;), read from the artifact it names.
                {monitor.deployment_id ? " Leave the run empty for the run of the model version this deployment serves." : ""}
              </p>
              <div className="grid gap-3 sm:grid-cols-3">
                <Field label="Run ID" hint={monitor.deployment_id ? "Optional." : undefined}>
                  <Input value={runId} className="font-mono" onChange={(e) => setRunId(e.target.value)} />
                </Field>
                <Field label="Dataset name" hint="Optional: else the training one.">
                  <Input value={datasetName} onChange={(e) => setDatasetName(e.target.value)} />
                </Field>
                <div className="self-end">
                  <Button type="submit" disabled={!monitor.deployment_id && !runId.trim()} loading={setReference.isPending}>
                    Use this dataset
                  </Button>
                </div>
              </div>
            </form>
          </div>
        )}
        <FormError error={fileError ?? setReference.error} />
      </div>
    </Card>
  );
}
