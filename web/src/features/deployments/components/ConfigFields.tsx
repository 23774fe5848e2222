import { Field } from "@/components/ui/Field";
import { Input, Select } from "@/components/ui/Input";
import type { ConfigValues } from "../config";

interface ConfigFieldsProps {
  values: ConfigValues;
  onChange: (values: ConfigValues) => void;
  /** The field at fault and what to do, from the form's check or the server. */
  problem: { field: keyof ConfigValues; message: string } | null;
}

/** The settings of a deployment that people change most: runtime, workers, batching, limits, cache, sampling. */
export function ConfigFields({ values, onChange, problem }: ConfigFieldsProps) {
  const set = <K extends keyof ConfigValues>(key: K, value: ConfigValues[K]) => onChange({ ...values, [key]: value });
  const error = (key: keyof ConfigValues) => (problem?.field === key ? problem.message : undefined);
  const number = (key: keyof ConfigValues, label: string, props: { min: number; max: number; step?: number }, hint?: string) => (
    <Field label={label} error={error(key)} hint={hint}>
      <Input type="number" inputMode="decimal" {...props} value={String(values[key])} onChange={(e) => set(key, Number(e.target.value) as never)} />
    </Field>
  );
  return (
    <div className="flex flex-col gap-5">
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Runtime</legend>
        <Field label="Runtime" hint="Auto picks XGBoost in the server for XGBoost models, else a Python worker.">
          <Select value={values.runtime} onChange={(e) => set("runtime", e.target.value as ConfigValues["runtime"])}>
            <option value="auto">auto (from the model&apos;s flavor)</option>
            <option value="python">python</option>
            <option value="xgboost">xgboost</option>
          </Select>
        </Field>
        <Field label="Python environment" hint="Virtualenv installs the model's requirements (cached).">
          <Select value={values.envManager} onChange={(e) => set("envManager", e.target.value as ConfigValues["envManager"])}>
            <option value="local">local interpreter</option>
            <option value="virtualenv">virtualenv from the model&apos;s requirements</option>
          </Select>
        </Field>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Workers</legend>
        {number("minWorkers", "Minimum workers", { min: 1, max: 32 })}
        {number("maxWorkers", "Maximum workers", { min: 1, max: 64 })}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Batching and limits</legend>
        {number("maxBatchSize", "Max batch size (rows)", { min: 1, max: 4096 }, "1 turns batching off.")}
        {number("maxQueueDelayMs", "Max queue delay (ms)", { min: 0, max: 1000 })}
        {number("timeoutMs", "Timeout (ms)", { min: 10, max: 600000 })}
        {number("maxRows", "Max rows per request", { min: 1, max: 1000000 })}
        {number("rateLimit", "Rate limit (requests/s)", { min: 0, max: 100000 }, "Across all callers; 0 for none.")}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Cache and monitoring</legend>
        <label className="flex items-center gap-2 self-center text-sm">
          <input type="checkbox" checked={values.cacheEnabled} onChange={(e) => set("cacheEnabled", e.target.checked)} />
          Cache answers of identical requests
        </label>
        {values.cacheEnabled ? number("cacheTtlSeconds", "Cache lifetime (s)", { min: 1, max: 86400 }) : <div />}
        {number("samplingRate", "Sampling rate", { min: 0, max: 1, step: 0.05 }, "Share of requests recorded for monitoring (0 to 1).")}
      </fieldset>
    </div>
  );
}
