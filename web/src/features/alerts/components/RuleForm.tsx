import { Field } from "@/components/ui/Field";
import { Input, Select } from "@/components/ui/Input";
import { METRIC_SUGGESTIONS, SERIES_SUGGESTIONS, type RuleErrors, type RuleFormValues } from "../rule-form";
import { PairsEditor } from "./PairsEditor";

interface RuleFormProps {
  values: RuleFormValues;
  errors: RuleErrors;
  monitors: string[];
  experiments: string[];
  onChange: (patch: Partial<RuleFormValues>) => void;
}

const OPS = [">", ">=", "<", "<=", "==", "!="] as const;

/** The fields of a rule: what it watches, when it fires, how it is labelled and what it does. */
export function RuleForm({ values: v, errors, monitors, experiments, onChange }: RuleFormProps) {
  const onExperiment = v.target === "experiment";
  return (
    <div className="flex flex-col gap-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={errors.name}>
          <Input value={v.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />
        </Field>
        <Field label="Severity" error={errors.severity}>
          <Select value={v.severity} onChange={(e) => onChange({ severity: e.target.value as RuleFormValues["severity"] })}>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </Select>
        </Field>
        <Field label="Watches" hint="A deployment or monitor in production, or the runs of an experiment in training.">
          <Select
            value={v.target}
            onChange={(e) => {
              const target = e.target.value as RuleFormValues["target"];
              // The series belong to the target: switching starts from one that fits it.
              onChange({ target, series: target === "experiment" ? METRIC_SUGGESTIONS[0]! : "latency_p99_ms", rollback: false });
            }}
          >
            <option value="monitor">A monitor</option>
            <option value="experiment">An experiment&apos;s runs</option>
          </Select>
        </Field>
        {onExperiment ? (
          <Field label="Experiment" error={errors.experiment}>
            <Select value={v.experiment} onChange={(e) => onChange({ experiment: e.target.value })}>
              <option value="">Choose an experiment</option>
              {[...new Set([...experiments, ...(v.experiment ? [v.experiment] : [])])].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <Field label="Monitor" error={errors.monitor} hint="A deployment's monitor has the deployment's name.">
            <Select value={v.monitor} onChange={(e) => onChange({ monitor: e.target.value })}>
              <option value="">Choose a monitor</option>
              {[...new Set([...monitors, ...(v.monitor ? [v.monitor] : [])])].map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field
          label="Series"
          error={errors.series}
          hint={onExperiment ? "metric:<key>, a metric the runs log." : "Or drift_score:<feature>, drifted:<feature>, missing_share:<feature>."}
        >
          <Input value={v.series} list="alert-series" onChange={(e) => onChange({ series: e.target.value })} className="font-mono" />
        </Field>
        {onExperiment && (
          <Field label="Across runs" error={errors.aggregate} hint="Each run's latest value in the window, combined.">
            <Select value={v.aggregate} onChange={(e) => onChange({ aggregate: e.target.value as RuleFormValues["aggregate"] })}>
              <option value="last">The last one logged</option>
              <option value="max">The highest</option>
              <option value="min">The lowest</option>
              <option value="mean">The mean</option>
            </Select>
          </Field>
        )}
        <datalist id="alert-series">
          {(onExperiment ? METRIC_SUGGESTIONS : SERIES_SUGGESTIONS).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      <fieldset className="min-w-0 grid gap-4 sm:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold">Condition</legend>
        <Field label="Type" error={errors.conditionType}>
          <Select value={v.conditionType} onChange={(e) => onChange({ conditionType: e.target.value as RuleFormValues["conditionType"] })}>
            <option value="threshold">Threshold</option>
            <option value="change">Change</option>
            <option value="absence">Absence (no data)</option>
          </Select>
        </Field>
        {v.conditionType !== "absence" && (
          <>
            <Field label="Operator" error={errors.op}>
              <Select value={v.op} onChange={(e) => onChange({ op: e.target.value as RuleFormValues["op"] })}>
                {OPS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Value" error={errors.value}>
              <Input inputMode="decimal" value={v.value} onChange={(e) => onChange({ value: e.target.value })} />
            </Field>
          </>
        )}
        <Field label="Window" error={errors.window} hint="The span each evaluation reads.">
          <Input value={v.window} onChange={(e) => onChange({ window: e.target.value })} />
        </Field>
        {v.conditionType === "change" && (
          <>
            <Field label="Compared with" error={errors.offset} hint="How far back the earlier window ends.">
              <Input value={v.offset} onChange={(e) => onChange({ offset: e.target.value })} />
            </Field>
            <label className="flex items-center gap-2 self-center text-sm">
              <input type="checkbox" checked={v.relative} onChange={(e) => onChange({ relative: e.target.checked })} /> In percent of the earlier value
            </label>
          </>
        )}
      </fieldset>
      <fieldset className="min-w-0 grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">Timing</legend>
        <Field label="Evaluate every" error={errors.interval}>
          <Input value={v.interval} onChange={(e) => onChange({ interval: e.target.value })} />
        </Field>
        <Field label="Pending for" error={errors.for} hint="How long the condition holds before firing.">
          <Input value={v.for} onChange={(e) => onChange({ for: e.target.value })} />
        </Field>
        <Field label="Keep firing for" error={errors.keepFiring} hint="After the condition clears.">
          <Input value={v.keepFiring} onChange={(e) => onChange({ keepFiring: e.target.value })} />
        </Field>
      </fieldset>
      <PairsEditor label="Labels" pairs={v.labels} error={errors.labels} onChange={(labels) => onChange({ labels })} />
      <PairsEditor
        label="Annotations"
        pairs={v.annotations}
        error={errors.annotations}
        placeholderFor={(key) => (key === "runbook_url" ? "https://runbooks.example.com/..." : "{{ $labels.monitor }}: {{ $value }}")}
        onChange={(annotations) => onChange({ annotations })}
      />
      {!onExperiment && (
      <fieldset className="min-w-0 flex flex-wrap items-end gap-4">
        <legend className="mb-2 text-sm font-semibold">Action</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={v.rollback} onChange={(e) => onChange({ rollback: e.target.checked })} /> Roll the deployment back to its last healthy revision when firing
        </label>
        {v.rollback && (
          <Field label="Cooldown" error={errors.cooldown} hint="At most one rollback per cooldown.">
            <Input value={v.cooldown} onChange={(e) => onChange({ cooldown: e.target.value })} />
          </Field>
        )}
      </fieldset>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={v.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} /> Enabled
      </label>
    </div>
  );
}
