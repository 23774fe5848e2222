import { Plus, Siren } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { useAlertRules } from "../api/rule-queries";
import { RulesTable } from "../components/RulesTable";
import { useAlertsRef } from "../use-project-ref";

/** The project's alert rules. */
export function RulesPage() {
  const { projectRef, alertsBase, canEdit } = useAlertsRef();
  const rules = useAlertRules(projectRef);
  const add = canEdit && (
    <ButtonLink to={`${alertsBase}/rules/new`} variant="primary">
      <Plus className="size-4" aria-hidden="true" /> New rule
    </ButtonLink>
  );
  return (
    <QueryBoundary
      query={rules}
      errorTitle="Could not load the rules"
      empty={
        <Card>
          <EmptyState
            icon={<Siren className="size-6" />}
            title="No alert rules yet"
            description="A rule watches a monitor's series (latency, errors, drift, accuracy) and fires when its condition holds. Start from a template."
            action={add || undefined}
          />
        </Card>
      }
    >
      {(list) => (
        <Card>
          <CardHeader title="Alert rules" description="Each evaluates on its interval; health says whether its series has data." actions={add || undefined} />
          <RulesTable rules={list} projectRef={projectRef} alertsBase={alertsBase} canEdit={canEdit} />
        </Card>
      )}
    </QueryBoundary>
  );
}
