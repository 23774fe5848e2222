import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { useUpdateModel, type ModelRef, type RegisteredModel } from "../api/model-queries";

interface EditModelDialogProps {
  modelRef: ModelRef;
  model: RegisteredModel;
  modelsBase: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}

/** Renames a model or changes its description; a rename moves the page to the new name. */
export function EditModelDialog({ modelRef, model, modelsBase, open, onOpenChange }: EditModelDialogProps) {
  const update = useUpdateModel(modelRef);
  const navigate = useNavigate();
  const [name, setName] = useState(model.name);
  const [description, setDescription] = useState(model.description);
  const nameProblem = name.trim() === "" ? "Enter a name." : name.length > 256 ? "Use at most 256 characters." : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Edit ${model.name}`} description="Clients that load the model by name (models:/name/...) must use the new name after a rename.">
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (nameProblem) return;
          update.mutate(
            { ...(name.trim() !== model.name ? { name: name.trim() } : {}), description },
            {
              onSuccess: (m) => {
                toast.success("Model saved");
                onOpenChange(false);
                if (m.name !== model.name) navigate(`${modelsBase}/${encodeURIComponent(m.name)}`, { replace: true });
              },
            },
          );
        }}
      >
        <Field label="Name" error={nameProblem}>
          <Input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Description">
          <Textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} />
        </Field>
        <FormError error={update.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={update.isPending} disabled={!!nameProblem}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
