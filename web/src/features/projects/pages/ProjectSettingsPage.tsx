import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select, Textarea } from "@/components/ui/Input";
import { useCurrentOrg } from "@/lib/current-org";
import { applyServerFieldError } from "@/lib/forms";
import { useDeleteProject, useUpdateProject } from "../api/project-queries";
import { projectDetailsSchema } from "../schemas";
import { useProjectOutlet } from "../use-project-outlet";

const editSchema = projectDetailsSchema.pick({ name: true, description: true, visibility: true });
type EditValues = ReturnType<typeof editSchema.parse>;

export function ProjectSettingsPage() {
  const org = useCurrentOrg();
  const project = useProjectOutlet();
  const navigate = useNavigate();
  const update = useUpdateProject(org.slug, project.slug);
  const remove = useDeleteProject(org.slug, project.slug);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useForm<EditValues>({
    resolver: zodResolver(editSchema),
    values: { name: project.name, description: project.description, visibility: project.visibility },
  });
  const { errors, isDirty } = form.formState;

  const save = form.handleSubmit((v) =>
    update.mutateAsync(v).then(
      () => toast.success("Project saved"),
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["name", "description", "visibility"]);
      },
    ),
  );

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader title="General" />
        <form onSubmit={save} noValidate className="flex max-w-xl flex-col gap-4 p-5">
          <Field label="Name" error={errors.name?.message}>
            <Input {...form.register("name")} />
          </Field>
          <Field label="Description" error={errors.description?.message}>
            <Textarea rows={3} {...form.register("description")} />
          </Field>
          <Field label="Visibility" error={errors.visibility?.message}>
            <Select {...form.register("visibility")}>
              <option value="org">Organization: every member can see it</option>
              <option value="private">Private: admins and project members only</option>
            </Select>
          </Field>
          <FormError error={update.error && !Object.keys(errors).length ? update.error : null} />
          <div>
            <Button type="submit" variant="primary" disabled={!isDirty} loading={update.isPending}>
              Save changes
            </Button>
          </div>
        </form>
      </Card>
      <Card className="border-danger/40">
        <CardHeader
          title="Delete this project"
          description="Deletes its experiments, runs, artifacts and models. This cannot be undone."
          actions={
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete project
            </Button>
          }
        />
      </Card>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${project.name}?`}
        description="Everything in the project is deleted for good."
        typedConfirmation={project.slug}
        confirmLabel="Delete project"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success(`${project.name} deleted`);
              navigate(`/o/${org.slug}/projects`, { replace: true });
            },
          })
        }
      />
    </div>
  );
}
