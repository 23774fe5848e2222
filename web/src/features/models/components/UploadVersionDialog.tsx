import { X } from "lucide-react";
import { useRef, useState } from "react";
import { useNavigate } from "react-router";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FileDropzone } from "@/components/ui/FileDropzone";
import { FormError } from "@/components/ui/FormError";
import { Textarea } from "@/components/ui/Input";
import { uploadWithProgress, type UploadProgress } from "@/lib/api/upload";
import type { PathedFile } from "@/lib/dropped-files";
import { formatBytes } from "@/lib/format-bytes";
import { invalidateModel, type ModelRef, type ModelVersion } from "../api/model-queries";

interface UploadVersionDialogProps {
  modelRef: ModelRef;
  base: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}

/** Uploads files (or a folder, e.g. an MLflow model directory) as a new version, with progress. */
export function UploadVersionDialog({ modelRef, base, open, onOpenChange }: UploadVersionDialogProps) {
  const navigate = useNavigate();
  const [files, setFiles] = useState<PathedFile[]>([]);
  const [description, setDescription] = useState("");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const uploading = progress !== null;
  const total = files.reduce((n, f) => n + f.file.size, 0);

  const reset = () => {
    setFiles([]);
    setDescription("");
    setProgress(null);
    setError(null);
  };
  const close = (o: boolean) => {
    if (!o) {
      abort.current?.abort();
      reset();
    }
    onOpenChange(o);
  };
  const upload = async () => {
    const form = new FormData();
    for (const f of files) form.append("file", f.file, f.path);
    if (description.trim()) form.append("description", description.trim());
    abort.current = new AbortController();
    setError(null);
    setProgress({ loaded: 0, total });
    try {
      const { org, project, model } = modelRef;
      const version = await uploadWithProgress<ModelVersion>(
        `/api/v1/orgs/${encodeURIComponent(org)}/projects/${encodeURIComponent(project)}/models/${encodeURIComponent(model)}/versions`,
        form,
        // The key makes a retry after a dropped connection answer the same version, not a second one.
        { onProgress: setProgress, signal: abort.current.signal, headers: { "Idempotency-Key": crypto.randomUUID() } },
      );
      await invalidateModel(modelRef);
      close(false);
      navigate(`${base}/versions/${version.version}`);
    } catch (e) {
      setProgress(null);
      if (!(e instanceof DOMException && e.name === "AbortError")) setError(e);
    }
  };
  const percent = progress && progress.total ? Math.round((progress.loaded / progress.total) * 100) : 0;

  return (
    <Dialog open={open} onOpenChange={close} title="Upload a new version" description="Metadata (flavors, signature, requirements) is read from an MLmodel file when there is one.">
      <div className="flex flex-col gap-4">
        <FileDropzone disabled={uploading} onFiles={(f) => setFiles((prev) => [...prev, ...f])} hint="An MLflow model folder, or ONNX, XGBoost, TorchScript, pickle or joblib files." />
        {files.length > 0 && (
          <ul className="max-h-40 overflow-y-auto rounded-md border border-border text-sm" aria-label="Files to upload">
            {files.map((f, i) => (
              <li key={`${f.path}-${i}`} className="flex items-center gap-2 border-b border-border px-3 py-1.5 last:border-b-0">
                <span className="min-w-0 flex-1 truncate font-mono text-xs">{f.path}</span>
                <span className="text-xs text-muted">{formatBytes(f.file.size)}</span>
                <button type="button" aria-label={`Remove ${f.path}`} disabled={uploading} className="rounded p-0.5 text-muted hover:bg-subtle" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                  <X className="size-3.5" />
                </button>
              </li>
            ))}
          </ul>
        )}
        <Field label="Description (optional)">
          <Textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} disabled={uploading} />
        </Field>
        {uploading && (
          <div>
            <div className="mb-1 flex justify-between text-xs text-muted">
              <span>Uploading {formatBytes(progress.loaded)} of {formatBytes(total)}</span>
              <span>{percent}%</span>
            </div>
            <div role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-subtle">
              <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
            </div>
          </div>
        )}
        <FormError error={error} />
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs text-muted">{files.length > 0 && `${files.length} file${files.length === 1 ? "" : "s"}, ${formatBytes(total)}`}</span>
          <div className="flex gap-2">
            <Button onClick={() => close(false)}>{uploading ? "Cancel upload" : "Cancel"}</Button>
            <Button variant="primary" disabled={files.length === 0} loading={uploading} onClick={() => void upload()}>
              Upload version
            </Button>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
