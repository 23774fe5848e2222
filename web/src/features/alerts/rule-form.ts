import type { AlertCondition, AlertRule, AlertRuleInput, Severity } from "./api/alert-types";
import { formatDuration, parseDuration } from "./format";

export interface Pair {
  key: string;
  value: string;
}

/** The rule editor's state: what the inputs hold (durations as "5m", numbers as typed). */
export interface RuleFormValues {
  name: string;
  enabled: boolean;
  severity: Severity;
  /** What the rule watches: a monitor, or the runs of an experiment (training). */
  target: "monitor" | "experiment";
  monitor: string;
  experiment: string;
  series: string;
  aggregate: NonNullable<AlertRuleInput["aggregate"]>;
  window: string;
  conditionType: NonNullable<AlertCondition["type"]>;
  op: NonNullable<AlertCondition["op"]>;
  value: string;
  relative: boolean;
  offset: string;
  interval: string;
  for: string;
  keepFiring: string;
  labels: Pair[];
  annotations: Pair[];
  rollback: boolean;
  cooldown: string;
}

export type RuleField = keyof RuleFormValues;
export type RuleErrors = Partial<Record<RuleField, string>>;

export const SERIES_SUGGESTIONS = [
  "latency_p50_ms",
  "latency_p90_ms",
  "latency_p95_ms",
  "latency_p99_ms",
  "error_rate",
  "request_rate",
  "requests",
  "errors",
  "worker_restarts",
  "drift_share",
  "dataset_drift",
  "drifted_features",
  "accuracy",
  "precision",
  "recall",
  "f1",
  "roc_auc",
  "log_loss",
  "mae",
  "rmse",
  "r2",
];

const DEFAULT_ANNOTATIONS = ["summary", "description", "runbook_url"];

/** An experiment's rule watches metric:<key>; these are the keys most runs log. */
export const METRIC_SUGGESTIONS = ["metric:loss", "metric:val_loss", "metric:accuracy", "metric:val_accuracy"];

export function emptyRuleForm(monitor = ""): RuleFormValues {
  return {
    name: "",
    enabled: true,
    severity: "warning",
    target: "monitor",
    monitor,
    experiment: "",
    series: "latency_p99_ms",
    aggregate: "last",
    window: "5m",
    conditionType: "threshold",
    op: ">",
    value: "",
    relative: false,
    offset: "1d",
    interval: "1m",
    for: "0s",
    keepFiring: "0s",
    labels: [],
    annotations: DEFAULT_ANNOTATIONS.map((key) => ({ key, value: "" })),
    rollback: false,
    cooldown: "1h",
  };
}

function pairs(o: Record<string, string> | undefined): Pair[] {
  return Object.entries(o ?? {}).map(([key, value]) => ({ key, value }));
}

function withDefaultAnnotations(list: Pair[]): Pair[] {
  const missing = DEFAULT_ANNOTATIONS.filter((k) => !list.some((p) => p.key === k)).map((key) => ({ key, value: "" }));
  return [...list, ...missing];
}

/** A rule body (a rule, or a template's body without name and monitor) over the form's current values. */
export function formFromBody(body: Partial<AlertRuleInput>, base: RuleFormValues): RuleFormValues {
  const c = body.condition ?? {};
  const rollback = body.actions?.rollback;
  return {
    ...base,
    name: body.name ?? base.name,
    enabled: body.enabled ?? base.enabled,
    severity: body.severity ?? base.severity,
    target: body.experiment != null || body.series?.startsWith("metric:") ? "experiment" : "monitor",
    monitor: body.monitor ?? base.monitor,
    experiment: body.experiment ?? base.experiment,
    series: body.series ?? base.series,
    aggregate: body.aggregate ?? "last",
    window: body.window_seconds != null ? formatDuration(body.window_seconds) : base.window,
    conditionType: c.type ?? "threshold",
    op: c.op ?? ">",
    value: c.value != null ? String(c.value) : "",
    relative: c.relative ?? false,
    offset: c.offset_seconds != null ? formatDuration(c.offset_seconds) : base.offset,
    interval: formatDuration(body.interval_seconds ?? 60),
    for: formatDuration(body.for_seconds ?? 0),
    keepFiring: formatDuration(body.keep_firing_seconds ?? 0),
    labels: pairs(body.labels),
    annotations: withDefaultAnnotations(pairs(body.annotations)),
    rollback: rollback?.enabled ?? false,
    cooldown: rollback?.cooldown_seconds != null ? formatDuration(rollback.cooldown_seconds) : base.cooldown,
  };
}

export function formFromRule(rule: AlertRule): RuleFormValues {
  return formFromBody(rule as unknown as AlertRuleInput, emptyRuleForm());
}

function record(list: Pair[]): Record<string, string> {
  return Object.fromEntries(list.filter((p) => p.key.trim() !== "" && p.value !== "").map((p) => [p.key.trim(), p.value]));
}

/** The API body of the form, or the fields to fix first (checked here so the preview waits for a whole rule). */
export function ruleInputOf(v: RuleFormValues): { input: AlertRuleInput | null; errors: RuleErrors } {
  const errors: RuleErrors = {};
  const duration = (field: RuleField, text: string) => {
    const s = parseDuration(text);
    if (s === null) errors[field] = "A duration such as 30s, 5m, 1h or 1d";
    return s ?? 0;
  };
  const onExperiment = v.target === "experiment";
  if (!onExperiment && !v.monitor) errors.monitor = "Choose a monitor";
  if (onExperiment && !v.experiment) errors.experiment = "Choose an experiment";
  if (onExperiment && !/^metric:.+/.test(v.series.trim())) errors.series = "metric:<key>, a metric the runs log";
  if (!v.series.trim()) errors.series = "Name a series";
  const window = duration("window", v.window);
  const interval = duration("interval", v.interval);
  const forSeconds = duration("for", v.for);
  const keepFiring = duration("keepFiring", v.keepFiring);
  const condition: AlertCondition = { type: v.conditionType };
  if (v.conditionType !== "absence") {
    const value = Number(v.value);
    if (v.value.trim() === "" || !Number.isFinite(value)) errors.value = "A number";
    condition.op = v.op;
    condition.value = value;
  }
  if (v.conditionType === "change") {
    condition.relative = v.relative;
    condition.offset_seconds = duration("offset", v.offset);
  }
  const cooldown = v.rollback ? duration("cooldown", v.cooldown) : 0;
  if (Object.keys(errors).length) return { input: null, errors };
  const input: AlertRuleInput = {
    name: v.name.trim(),
    enabled: v.enabled,
    severity: v.severity,
    ...(onExperiment ? { experiment: v.experiment } : { monitor: v.monitor }),
    aggregate: v.aggregate,
    series: v.series.trim(),
    window_seconds: window,
    condition,
    interval_seconds: interval,
    for_seconds: forSeconds,
    keep_firing_seconds: keepFiring,
    labels: record(v.labels),
    annotations: record(v.annotations),
    actions: { rollback: { enabled: v.rollback && !onExperiment, ...(v.rollback && !onExperiment ? { cooldown_seconds: cooldown } : {}) } },
  };
  return { input, errors };
}

const SERVER_FIELDS: Record<string, RuleField> = {
  name: "name",
  monitor: "monitor",
  experiment: "experiment",
  aggregate: "aggregate",
  series: "series",
  severity: "severity",
  window_seconds: "window",
  interval_seconds: "interval",
  for_seconds: "for",
  keep_firing_seconds: "keepFiring",
  condition: "conditionType",
  "condition.type": "conditionType",
  "condition.op": "op",
  "condition.value": "value",
  "condition.offset_seconds": "offset",
  "condition.relative": "relative",
};

/** The form field a server validation error names (`condition.value` → value, `annotations.summary` → annotations). */
export function formFieldOf(serverField: string | undefined): RuleField | null {
  if (!serverField) return null;
  const f = serverField.replace(/^rule\./, "");
  if (SERVER_FIELDS[f]) return SERVER_FIELDS[f];
  if (f.startsWith("labels")) return "labels";
  if (f.startsWith("annotations")) return "annotations";
  if (f.startsWith("actions")) return "cooldown";
  return null;
}

/** The body of a saved rule, as preview and PATCH take it. */
export function ruleBodyOf(rule: AlertRule): AlertRuleInput {
  return {
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    ...(rule.experiment ? { experiment: rule.experiment } : { monitor: rule.monitor }),
    aggregate: rule.aggregate ?? "last",
    series: rule.series,
    window_seconds: rule.window_seconds,
    condition: rule.condition,
    interval_seconds: rule.interval_seconds,
    for_seconds: rule.for_seconds,
    keep_firing_seconds: rule.keep_firing_seconds,
    labels: rule.labels,
    annotations: rule.annotations,
    actions: rule.actions as AlertRuleInput["actions"],
  };
}
