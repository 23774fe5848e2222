import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { useUpdateMonitor, type Monitor, type MonitorRef } from "../api/monitor-queries";
import { configFromValues, DRIFT_METHODS, monitorSettingsSchema, settingsValues, type MonitorSettingsValues } from "../config-schema";
import { methodName } from "../format";

function MethodOptions() {
  return (
    <>
      <option value="">Default for the feature&apos;s kind and size</option>
      {DRIFT_METHODS.map((m) => (
        <option key={m} value={m}>
          {methodName(m)} ({m})
        </option>
      ))}
    </>
  );
}

/** The monitor's drift tests and thresholds (for all features and per feature), ignored features, evaluation window and task. */
export function MonitorSettingsForm({ monitor, monitorRef }: { monitor: Monitor; monitorRef: MonitorRef }) {
  const update = useUpdateMonitor(monitorRef);
  const form = useForm<MonitorSettingsValues>({ resolver: zodResolver(monitorSettingsSchema), defaultValues: settingsValues(monitor.config) });
  const overrides = useFieldArray({ control: form.control, name: "overrides" });
  const { errors, isDirty } = form.formState;
  const known = Object.keys(monitor.reference?.features ?? {});
  const submit = form.handleSubmit((v) =>
    update.mutate(configFromValues(v), {
      onSuccess: (m) => {
        form.reset(settingsValues(m.config));
        toast.success("Settings saved: the next report and evaluation use them");
      },
    }),
  );

  return (
    <Card>
      <CardHeader
        title="Settings"
        description="Thresholds are p-values for Kolmogorov–Smirnov, chi-squared and Z (drift below), distances for the others (drift at or above)."
      />
      <form onSubmit={submit} noValidate className="flex flex-col gap-5 p-5">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Drift test for all features">
            <Select {...form.register("method")}>
              <MethodOptions />
            </Select>
          </Field>
          <Field label="Threshold for all features" error={errors.threshold?.message} hint="Empty: the test's default.">
            <Input inputMode="decimal" {...form.register("threshold")} />
          </Field>
          <Field label="Dataset drift share" error={errors.driftShare?.message} hint="Dataset drift when at least this share of features drifted.">
            <Input inputMode="decimal" {...form.register("driftShare")} />
          </Field>
        </div>
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium">Per-feature overrides</legend>
          {overrides.fields.length === 0 && <p className="text-xs text-muted">None: every feature uses the settings above.</p>}
          {overrides.fields.map((field, i) => (
            <div key={field.id} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]">
              <Field label={`Feature ${i + 1}`} error={errors.overrides?.[i]?.feature?.message}>
                <Input list="monitor-features" {...form.register(`overrides.${i}.feature`)} />
              </Field>
              <Field label={`Test for feature ${i + 1}`}>
                <Select {...form.register(`overrides.${i}.method`)}>
                  <MethodOptions />
                </Select>
              </Field>
              <Field label={`Threshold for feature ${i + 1}`} error={errors.overrides?.[i]?.threshold?.message}>
                <Input inputMode="decimal" {...form.register(`overrides.${i}.threshold`)} />
              </Field>
              <Button variant="ghost" aria-label={`Remove override ${i + 1}`} onClick={() => overrides.remove(i)}>
                <Trash2 className="size-4" aria-hidden="true" />
              </Button>
            </div>
          ))}
          <datalist id="monitor-features">
            {known.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <div>
            <Button size="sm" onClick={() => overrides.append({ feature: "", method: "", threshold: "" })}>
              <Plus className="size-3.5" aria-hidden="true" /> Add an override
            </Button>
          </div>
        </fieldset>
        <Field
          label="Ignored features"
          hint={known.length ? `Comma-separated. Known features: ${known.join(", ")}.` : "Comma-separated names, left out of drift and quality."}
        >
          <Input {...form.register("ignore")} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Evaluation window (minutes)" error={errors.windowMinutes?.message} hint="The span each scheduled evaluation judges.">
            <Input inputMode="numeric" {...form.register("windowMinutes")} />
          </Field>
          <Field label="Evaluate every (minutes)" error={errors.evaluationMinutes?.message} hint="How often drift scores are stored as series.">
            <Input inputMode="numeric" {...form.register("evaluationMinutes")} />
          </Field>
          <Field label="Task" hint="For performance; by default told from the labels.">
            <Select {...form.register("task")}>
              <option value="">Told from the labels</option>
              <option value="classification">Classification</option>
              <option value="regression">Regression</option>
            </Select>
          </Field>
        </div>
        <FormError error={update.error} />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={!isDirty} loading={update.isPending}>
            Save settings
          </Button>
          <Button disabled={!isDirty} onClick={() => form.reset(settingsValues(monitor.config))}>
            Discard changes
          </Button>
        </div>
      </form>
    </Card>
  );
}
