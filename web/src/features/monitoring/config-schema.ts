import { z } from "zod";
import type { DriftMethod, MonitorConfig } from "./api/monitor-queries";

export const DRIFT_METHODS: DriftMethod[] = ["ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi", "kl_div", "hellinger", "tvd"];

const method = z.union([z.literal(""), z.enum(DRIFT_METHODS as [DriftMethod, ...DriftMethod[]])]);

/** Empty, or a number above 0 and at most 100 (the server's rule for every threshold). */
const threshold = z
  .string()
  .trim()
  .refine(
    (v) => v === "" || (Number.isFinite(Number(v)) && Number(v) > 0 && Number(v) <= 100),
    "A number above 0, at most 100 (or empty for the test's default).",
  );

/** A whole number of minutes from 1 to `max`, as the server checks it. */
const minutes = (max: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max, `A whole number of minutes from 1 to ${max}.`);

/** The settings form; mirrors the server's parse_monitor_config so mistakes show before saving. */
export const monitorSettingsSchema = z
  .object({
    method,
    threshold,
    driftShare: z
      .string()
      .trim()
      .refine((v) => Number.isFinite(Number(v)) && v !== "" && Number(v) > 0 && Number(v) <= 1, "A share above 0 and at most 1 (0.5 is Evidently's default)."),
    overrides: z.array(z.object({ feature: z.string().trim().min(1, "Name the feature."), method, threshold })).max(10_000),
    ignore: z.string(),
    windowMinutes: minutes(60 * 24 * 90),
    evaluationMinutes: minutes(60 * 24),
    task: z.enum(["", "classification", "regression"]),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.overrides.forEach((o, i) => {
      if (seen.has(o.feature.trim())) ctx.addIssue({ code: "custom", message: "This feature already has an override.", path: ["overrides", i, "feature"] });
      seen.add(o.feature.trim());
    });
  });
export type MonitorSettingsValues = z.infer<typeof monitorSettingsSchema>;

/** The names of a comma- or newline-separated list, trimmed, without empties or repeats. */
export function parseNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const numberOrNull = (v: string) => (v.trim() === "" ? null : Number(v));

/** The form's values for a monitor's configuration (empty fields stand for the defaults). */
export function settingsValues(c: MonitorConfig): MonitorSettingsValues {
  return {
    method: c.method ?? "",
    threshold: c.threshold == null ? "" : String(c.threshold),
    driftShare: String(c.drift_share ?? 0.5),
    overrides: Object.entries(c.features ?? {}).map(([feature, o]) => ({
      feature,
      method: o.method ?? "",
      threshold: o.threshold == null ? "" : String(o.threshold),
    })),
    ignore: (c.ignore ?? []).join(", "),
    windowMinutes: String(c.window_minutes ?? 60),
    evaluationMinutes: String(c.evaluation_minutes ?? 5),
    task: c.task ?? "",
  };
}

/** The configuration to send (PATCH replaces the whole configuration). */
export function configFromValues(v: MonitorSettingsValues): MonitorConfig {
  return {
    drift_share: Number(v.driftShare),
    method: v.method || null,
    threshold: numberOrNull(v.threshold),
    features: Object.fromEntries(v.overrides.map((o) => [o.feature.trim(), { method: o.method || null, threshold: numberOrNull(o.threshold) }])),
    ignore: parseNames(v.ignore),
    window_minutes: Number(v.windowMinutes),
    evaluation_minutes: Number(v.evaluationMinutes),
    task: v.task || null,
  };
}
