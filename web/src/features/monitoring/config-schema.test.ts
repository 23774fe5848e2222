import { describe, expect, it } from "vitest";
import { configFromValues, monitorSettingsSchema, parseNames, settingsValues } from "./config-schema";

const valid = settingsValues({});

function problems(values: Partial<typeof valid>): string[] {
  const result = monitorSettingsSchema.safeParse({ ...valid, ...values });
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
}

describe("monitor settings", () => {
  it("starts from the server's defaults when the configuration leaves them out", () => {
    expect(valid).toEqual({ method: "", threshold: "", driftShare: "0.5", overrides: [], ignore: "", windowMinutes: "60", evaluationMinutes: "5", task: "" });
    expect(problems({})).toEqual([]);
  });

  it("rejects what the server rejects: shares outside (0, 1], thresholds outside (0, 100], minutes out of range or fractional", () => {
    expect(problems({ driftShare: "0" })).toEqual(["driftShare"]);
    expect(problems({ driftShare: "1.01" })).toEqual(["driftShare"]);
    expect(problems({ driftShare: "1" })).toEqual([]);
    expect(problems({ threshold: "0" })).toEqual(["threshold"]);
    expect(problems({ threshold: "101" })).toEqual(["threshold"]);
    expect(problems({ threshold: "abc" })).toEqual(["threshold"]);
    expect(problems({ threshold: "100" })).toEqual([]);
    expect(problems({ windowMinutes: "0" })).toEqual(["windowMinutes"]);
    expect(problems({ windowMinutes: "129601" })).toEqual(["windowMinutes"]);
    expect(problems({ windowMinutes: "129600" })).toEqual([]);
    expect(problems({ evaluationMinutes: "1.5" })).toEqual(["evaluationMinutes"]);
    expect(problems({ evaluationMinutes: "1441" })).toEqual(["evaluationMinutes"]);
  });

  it("needs a name for each override and one override per feature", () => {
    expect(problems({ overrides: [{ feature: " ", method: "ks", threshold: "" }] })).toEqual(["overrides.0.feature"]);
    expect(
      problems({
        overrides: [
          { feature: "age", method: "ks", threshold: "" },
          { feature: "age", method: "psi", threshold: "0.2" },
        ],
      }),
    ).toEqual(["overrides.1.feature"]);
  });

  it("sends empty fields as null (the defaults) and round-trips a configuration", () => {
    const config = {
      drift_share: 0.3,
      method: "psi" as const,
      threshold: 0.2,
      features: { age: { method: null, threshold: 0.01 } },
      ignore: ["id"],
      window_minutes: 120,
      evaluation_minutes: 10,
      task: "regression" as const,
    };
    expect(configFromValues(settingsValues(config))).toEqual(config);
    expect(configFromValues(valid)).toEqual({
      drift_share: 0.5,
      method: null,
      threshold: null,
      features: {},
      ignore: [],
      window_minutes: 60,
      evaluation_minutes: 5,
      task: null,
    });
  });

  it("reads ignored features separated by commas or lines, without repeats", () => {
    expect(parseNames(" a, b\nc,,a ")).toEqual(["a", "b", "c"]);
  });
});
