import { MarkdownNote } from "@/components/markdown/MarkdownNote";
import { type ModelRef, useUpdateModel, useUpdateModelVersion } from "../api/model-queries";

interface Props {
  modelRef: ModelRef;
  text: string;
  canWrite: boolean;
}

/** A registered model's description as Markdown, edited in place (the same safe renderer as run notes). */
export function ModelDescription({ modelRef, text, canWrite }: Props) {
  const save = useUpdateModel(modelRef);
  return (
    <MarkdownNote
      noun="description"
      text={text}
      canWrite={canWrite}
      emptyHint=""
      saving={save.isPending}
      error={save.error}
      onSave={(description) => save.mutateAsync({ description })}
    />
  );
}

/** A model version's description as Markdown, edited in place. */
export function VersionDescription({ modelRef, version, text, canWrite }: Props & { version: number }) {
  const save = useUpdateModelVersion(modelRef, version);
  return (
    <MarkdownNote
      noun="description"
      text={text}
      canWrite={canWrite}
      emptyHint=""
      saving={save.isPending}
      error={save.error}
      onSave={(description) => save.mutateAsync(description)}
    />
  );
}
