import type { Onboarding, OnboardingStepId } from "./api/onboarding-queries";

export interface ChecklistStep {
  id: OnboardingStepId;
  label: string;
  /** What to do, in a sentence. */
  hint: string;
  /** Where the step is done. */
  to: string;
}

/** The checklist's steps in the server's order, each with where it is done in this organization. */
export function checklistSteps(org: string, onboarding: Onboarding): Array<ChecklistStep & { done: boolean }> {
  const project = onboarding.first_project ? `/o/${org}/projects/${onboarding.first_project.slug}` : null;
  const inProject = (path: string) => (project ? `${project}/${path}` : `/o/${org}/projects/new`);
  const meta: Record<OnboardingStepId, Omit<ChecklistStep, "id">> = {
    create_project: { label: "Create a project", hint: "Projects hold experiments, models and deployments.", to: `/o/${org}/projects/new` },
    log_run: { label: "Log a first run", hint: "Point the mlflow client at the project and train.", to: `/o/${org}/quick-start` },
    register_model: { label: "Register a model", hint: "Register a run's model, or upload one.", to: inProject("models") },
    deploy_model: { label: "Deploy it", hint: "Serve a version behind an inference API.", to: inProject("deployments/new") },
    create_api_key: { label: "Create an API key", hint: "For scripts, CI and the mlflow client.", to: `/o/${org}/api-keys` },
    invite_teammate: { label: "Invite a teammate", hint: "Work on the same projects together.", to: `/o/${org}/settings/members` },
  };
  return onboarding.steps.map((s) => ({ id: s.id, done: s.done, ...meta[s.id] }));
}
