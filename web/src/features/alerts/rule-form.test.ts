import { describe, expect, it } from "vitest";
import type { RulePreview } from "./api/alert-types";
import { firingBands, previewColumns } from "./preview-columns";
import { emptyRuleForm, formFieldOf, formFromBody, ruleInputOf } from "./rule-form";

describe("rule form", () => {
  it("applies_a_template_over_the_chosen_monitor_and_builds_its_body", () => {
    const v = formFromBody(
      {
        severity: "critical",
        series: "error_rate",
        window_seconds: 300,
        condition: { type: "threshold", op: ">", value: 0.01 },
        for_seconds: 120,
        annotations: { summary: "{{ $labels.deployment }} fails" },
      },
      { ...emptyRuleForm("churn"), name: "errors" },
    );
    expect(v.monitor).toBe("churn");
    expect(v.window).toBe("5m");
    expect(v.for).toBe("2m");
    expect(v.annotations.map((a) => a.key)).toEqual(["summary", "description", "runbook_url"]);
    const { input, errors } = ruleInputOf(v);
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      name: "errors",
      monitor: "churn",
      series: "error_rate",
      window_seconds: 300,
      for_seconds: 120,
      condition: { type: "threshold", op: ">", value: 0.01 },
      annotations: { summary: "{{ $labels.deployment }} fails" },
      actions: { rollback: { enabled: false } },
    });
  });

  it("builds_a_rule_on_an_experiments_runs_without_monitor_or_rollback", () => {
    const v = formFromBody(
      { series: "metric:loss", aggregate: "max", window_seconds: 600, condition: { type: "threshold", op: ">", value: 10 } },
      { ...emptyRuleForm("churn"), experiment: "sweep", name: "diverging", rollback: true },
    );
    expect(v.target).toBe("experiment");
    const { input, errors } = ruleInputOf(v);
    expect(errors).toEqual({});
    expect(input).toMatchObject({ experiment: "sweep", series: "metric:loss", aggregate: "max", actions: { rollback: { enabled: false } } });
    expect(input).not.toHaveProperty("monitor");
    const wrong = ruleInputOf({ ...v, experiment: "", series: "latency_p99_ms" });
    expect(wrong.errors).toMatchObject({ experiment: "Choose an experiment", series: expect.stringContaining("metric:") });
    expect(formFieldOf("rule.experiment")).toBe("experiment");
  });

  it("names_the_fields_to_fix_and_holds_the_body_back", () => {
    const { input, errors } = ruleInputOf({ ...emptyRuleForm(""), value: "abc", window: "5 minutes" });
    expect(input).toBeNull();
    expect(errors).toEqual({ monitor: "Choose a monitor", value: "A number", window: expect.any(String) });
  });

  it("absence_needs_no_value_and_change_sends_its_offset", () => {
    expect(ruleInputOf({ ...emptyRuleForm("m"), conditionType: "absence" }).input?.condition).toEqual({ type: "absence" });
    expect(ruleInputOf({ ...emptyRuleForm("m"), conditionType: "change", op: "<", value: "-5", relative: true, offset: "7d" }).input?.condition).toEqual({
      type: "change",
      op: "<",
      value: -5,
      relative: true,
      offset_seconds: 604_800,
    });
  });

  it("maps_server_fields_onto_inputs", () => {
    expect(formFieldOf("condition.value")).toBe("value");
    expect(formFieldOf("window_seconds")).toBe("window");
    expect(formFieldOf("annotations.summary")).toBe("annotations");
    expect(formFieldOf("bogus")).toBeNull();
  });
});

describe("preview columns", () => {
  const preview = ({
    from: 0,
    to: 600_000,
    step_ms: 60_000,
    series: "error_rate",
    condition: { type: "threshold", op: ">", value: 0.05 },
    points: [
      [60_000, 0.01],
      [120_000, null],
      [180_000, 0.2],
    ],
    firing: [{ fired_at: 180_000, resolved_at: null }],
  }) as unknown as RulePreview;
  it("draws_the_threshold_beside_the_series_in_seconds", () => {
    expect(previewColumns(preview)).toEqual([
      [60, 120, 180],
      [0.01, null, 0.2],
      [0.05, 0.05, 0.05],
    ]);
  });
  it("ends_an_open_episode_at_the_preview_end", () => {
    expect(firingBands(preview)).toEqual([{ from: 180, to: 600 }]);
  });
});
