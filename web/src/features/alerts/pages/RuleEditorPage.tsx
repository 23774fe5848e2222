import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { toast } from "sonner";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { FormError } from "@/components/ui/FormError";
import { isApiError } from "@/lib/api/errors";
import type { AlertRule, AlertRuleInput } from "../api/alert-types";
import { useAlertRule, useCreateRule, useExperimentNames, useMonitorNames, useRuleTemplates, useUpdateRule } from "../api/rule-queries";
import { RuleForm } from "../components/RuleForm";
import { RulePreviewCard } from "../components/RulePreviewCard";
import { TemplateGallery } from "../components/TemplateGallery";
import { emptyRuleForm, formFieldOf, formFromBody, formFromRule, ruleInputOf, type RuleErrors, type RuleFormValues } from "../rule-form";
import { useAlertsRef } from "../use-project-ref";

/** A new rule (from a template or blank) or an existing one, with its live preview. */
export function RuleEditorPage() {
  const { projectRef } = useAlertsRef();
  const { rule = "" } = useParams();
  const existing = useAlertRule(projectRef, rule, rule !== "");
  if (!rule) return <RuleEditor rule={null} />;
  return (
    <QueryBoundary query={existing} errorTitle="Could not load the rule">
      {(r) => <RuleEditor key={r.id} rule={r} />}
    </QueryBoundary>
  );
}

function RuleEditor({ rule }: { rule: AlertRule | null }) {
  const { projectRef, alertsBase, canEdit } = useAlertsRef();
  const navigate = useNavigate();
  const monitors = useMonitorNames(projectRef);
  const experiments = useExperimentNames(projectRef);
  const templates = useRuleTemplates(projectRef);
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? formFromRule(rule) : emptyRuleForm()));
  const [errors, setErrors] = useState<RuleErrors>({});
  const create = useCreateRule(projectRef);
  const update = useUpdateRule(projectRef);
  const save = rule ? update : create;
  const monitorNames = monitors.data ?? [];
  // With one monitor in the project there is nothing to choose.
  const chosenMonitor = values.monitor || (monitorNames.length === 1 ? monitorNames[0]! : "");
  const { input } = ruleInputOf({ ...values, monitor: chosenMonitor });

  const change = (patch: Partial<RuleFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof RuleFormValues];
      return next;
    });
  };

  const submit = () => {
    const checked = ruleInputOf({ ...values, monitor: chosenMonitor });
    const nameError = values.name.trim() ? {} : { name: "Name the rule" };
    if (!checked.input || nameError.name) {
      setErrors({ ...checked.errors, ...nameError });
      return;
    }
    const onError = (e: unknown) => {
      const field = isApiError(e) ? formFieldOf(e.field) : null;
      if (field && isApiError(e)) setErrors({ [field]: e.message });
    };
    const onSuccess = (saved: AlertRule) => {
      toast.success(rule ? `Saved ${saved.name}` : `Created ${saved.name}`);
      navigate(`${alertsBase}/rules`);
    };
    if (rule) update.mutate({ rule: rule.id, body: checked.input }, { onSuccess, onError });
    else create.mutate(checked.input as AlertRuleInput, { onSuccess, onError });
  };

  const fieldError = save.error && isApiError(save.error) && formFieldOf(save.error.field) ? null : save.error;
  return (
    <div className="flex flex-col gap-5">
      <p className="text-sm text-muted">
        <Link to={`${alertsBase}/rules`} className="hover:underline">
          Rules
        </Link>{" "}
        / {rule ? rule.name : "New rule"}
      </p>
      {!rule && templates.data && templates.data.length > 0 && (
        <Card>
          <CardHeader title="Start from a template" description="Fills the form below; adjust it before saving." />
          <div className="p-5">
            <TemplateGallery
              templates={templates.data}
              onPick={(t) => {
                setErrors({});
                setValues((v) => formFromBody(t.rule as Partial<AlertRuleInput>, { ...emptyRuleForm(v.monitor || chosenMonitor), experiment: v.experiment, name: v.name || t.id.replaceAll("_", "-") }));
              }}
            />
          </div>
        </Card>
      )}
      <div className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="min-w-0">
          <CardHeader title={rule ? `Edit ${rule.name}` : "New rule"} />
          <form
            className="flex flex-col gap-5 p-5"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <RuleForm values={{ ...values, monitor: chosenMonitor }} errors={errors} monitors={monitorNames} experiments={experiments.data ?? []} onChange={change} />
            <FormError error={fieldError} />
            <div className="flex justify-end gap-2">
              <Button onClick={() => navigate(`${alertsBase}/rules`)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={save.isPending} disabled={!canEdit}>
                {rule ? "Save rule" : "Create rule"}
              </Button>
            </div>
          </form>
        </Card>
        <div className="min-w-0 xl:sticky xl:top-4 xl:self-start">
          <RulePreviewCard projectRef={projectRef} input={input} />
        </div>
      </div>
    </div>
  );
}
