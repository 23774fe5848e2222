import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Notice } from "@/components/ui/Notice";
import { Select, Textarea } from "@/components/ui/Input";
import { MODEL_STAGES, useTransitionStage, type ModelRef, type ModelStage, type ModelVersion } from "../api/model-queries";
import { StageBadge } from "./StageBadge";

interface StageDialogProps {
  modelRef: ModelRef;
  version: ModelVersion;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}

/** Moves a version to another stage after a confirmation that says what will happen; the reason goes into the history. */
export function StageDialog({ modelRef, version, open, onOpenChange }: StageDialogProps) {
  const transition = useTransitionStage(modelRef);
  const targets = MODEL_STAGES.filter((s) => s !== version.stage);
  const [stage, setStage] = useState<ModelStage>(version.stage === "staging" ? "production" : (targets[0] ?? "staging"));
  const [comment, setComment] = useState("");
  const [archiveExisting, setArchiveExisting] = useState(true);
  const live = stage === "staging" || stage === "production";

  const close = (o: boolean) => {
    if (!o) {
      transition.reset();
      setComment("");
    }
    onOpenChange(o);
  };
  return (
    <Dialog open={open} onOpenChange={close} title={`Change the stage of v${version.version}`}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          transition.mutate(
            { version: version.version, stage, comment: comment.trim(), archive_existing: live && archiveExisting },
            {
              onSuccess: (v) => {
                toast.success(`v${v.version} is now in ${v.stage}`);
                close(false);
              },
            },
          );
        }}
      >
        <p className="flex items-center gap-2 text-sm">
          From <StageBadge stage={version.stage} /> to
        </p>
        <Field label="New stage">
          <Select value={stage} onChange={(e) => setStage(e.target.value as ModelStage)}>
            {targets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Reason (kept in the stage history)">
          <Textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Beats v3 on the holdout set by 2 points of AUC." maxLength={1000} />
        </Field>
        {live && (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5" checked={archiveExisting} onChange={(e) => setArchiveExisting(e.target.checked)} />
            <span>Archive the versions now in {stage}, so v{version.version} is the only one there</span>
          </label>
        )}
        {stage === "staging" && (
          <Notice>Deployments that follow the staging stage roll out v{version.version} as a new revision by themselves.</Notice>
        )}
        {stage === "production" && (
          <Notice>
            Deployments that follow the production stage roll out v{version.version} as a new revision by themselves (reversible with a rollback); clients
            loading models:/{version.model_name}/Production get it on their next load.
          </Notice>
        )}
        <FormError error={transition.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={transition.isPending}>
            Move to {stage}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
