import { zodResolver } from "@hookform/resolvers/zod";
import { Globe, Lock } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useNavigate } from "react-router";
import { Button } from "@/components/ui/Button";
import { ButtonLink } from "@/components/ui/ButtonLink";
import { Card } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { PageHeader } from "@/components/ui/PageHeader";
import { cn } from "@/lib/cn";
import { useCurrentOrg } from "@/lib/current-org";
import { applyServerFieldError } from "@/lib/forms";
import { slugify } from "@/lib/slug";
import { useCreateProject } from "../api/project-queries";
import { WizardSteps } from "../components/WizardSteps";
import { VisibilityBadge } from "../components/VisibilityBadge";
import { projectDetailsSchema, type ProjectDetails } from "../schemas";

const STEPS = ["Details", "Access", "Review"];
// The fields each step owns: "Next" validates only these.
const STEP_FIELDS: Array<Array<keyof ProjectDetails>> = [["name", "slug", "description"], ["visibility"], []];

const visibilityChoices = [
  { value: "org" as const, icon: Globe, title: "Organization", text: "Every member of the organization can see it; their organization role applies." },
  { value: "private" as const, icon: Lock, title: "Private", text: "Only organization admins and the people you add as project members." },
];

export function NewProjectPage() {
  const org = useCurrentOrg();
  const navigate = useNavigate();
  const create = useCreateProject(org.slug);
  const [step, setStep] = useState(0);
  const form = useForm<ProjectDetails>({
    resolver: zodResolver(projectDetailsSchema),
    defaultValues: { name: "", slug: "", description: "", visibility: "org" },
  });
  const { errors, dirtyFields } = form.formState;
  const [name, slug, description, visibility] = useWatch({ control: form.control, name: ["name", "slug", "description", "visibility"] });

  const next = async () => {
    if (await form.trigger(STEP_FIELDS[step])) setStep((s) => s + 1);
  };
  const submit = form.handleSubmit((v) =>
    create.mutateAsync(v).then(
      (project) => navigate(`/o/${org.slug}/projects/${project.slug}`),
      (e: unknown) => {
        // A taken slug or a bad name belongs to the first step: go back there to show it.
        if (applyServerFieldError(e, form.setError, ["name", "slug", "description"])) setStep(0);
      },
    ),
  );

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="New project" description="Projects group experiments, runs and models, with their own access." />
      <WizardSteps steps={STEPS} current={step} />
      <Card className="p-6">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (step < STEPS.length - 1) void next();
            else void submit();
          }}
          noValidate
          className="flex flex-col gap-5"
        >
          {step === 0 && (
            <>
              <Field label="Name" error={errors.name?.message}>
                <Input
                  autoFocus
                  {...form.register("name", {
                    onChange: (e: { target: { value: string } }) => {
                      if (!dirtyFields.slug) form.setValue("slug", slugify(e.target.value));
                    },
                  })}
                />
              </Field>
              <Field label="URL slug" error={errors.slug?.message} hint="Used in links and in the MLflow tracking URI; cannot change later.">
                <Input className="font-mono" spellCheck={false} {...form.register("slug")} />
              </Field>
              <Field label="Description (optional)" error={errors.description?.message}>
                <Textarea rows={3} {...form.register("description")} />
              </Field>
            </>
          )}
          {step === 1 && (
            <fieldset className="flex flex-col gap-3">
              <legend className="mb-2 text-sm font-medium">Who can see this project?</legend>
              {visibilityChoices.map(({ value, icon: Icon, title, text }) => (
                <label
                  key={value}
                  className={cn(
                    "flex cursor-pointer gap-3 rounded-lg border p-4 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
                    visibility === value ? "border-accent bg-accent/5" : "border-border hover:bg-subtle",
                  )}
                >
                  <input type="radio" value={value} className="sr-only" {...form.register("visibility")} />
                  <Icon className="mt-0.5 size-5 text-muted" aria-hidden="true" />
                  <span>
                    <span className="block font-medium">{title}</span>
                    <span className="block text-sm text-muted">{text}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {step === 2 && (
            <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
              <dt className="text-muted">Name</dt>
              <dd className="font-medium">{name}</dd>
              <dt className="text-muted">Slug</dt>
              <dd className="font-mono">{slug}</dd>
              <dt className="text-muted">Description</dt>
              <dd>{description || "—"}</dd>
              <dt className="text-muted">Visibility</dt>
              <dd>
                <VisibilityBadge visibility={visibility} />
              </dd>
            </dl>
          )}
          <FormError error={create.error && !Object.keys(errors).length ? create.error : null} />
          <div className="flex items-center justify-between border-t border-border pt-5">
            {step === 0 ? (
              <ButtonLink to={`/o/${org.slug}/projects`}>Cancel</ButtonLink>
            ) : (
              <Button onClick={() => setStep((s) => s - 1)}>Back</Button>
            )}
            <Button type="submit" variant="primary" loading={create.isPending}>
              {step < STEPS.length - 1 ? "Next" : "Create project"}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
