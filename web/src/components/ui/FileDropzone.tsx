import { UploadCloud } from "lucide-react";
import { useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { filesFromDrop, filesFromInput, type PathedFile } from "@/lib/dropped-files";

interface FileDropzoneProps {
  onFiles: (files: PathedFile[]) => void;
  disabled?: boolean;
  hint?: string;
}

/** Drop files or whole folders here, or pick them with the keyboard-reachable buttons. */
export function FileDropzone({ onFiles, disabled = false, hint }: FileDropzoneProps) {
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const button = "rounded-md border border-border bg-surface px-2.5 py-1 text-sm font-medium hover:bg-subtle disabled:opacity-50";
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) void filesFromDrop(e.dataTransfer).then(onFiles);
      }}
      className={cn(
        "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors",
        over ? "border-accent bg-accent/5" : "border-border",
        disabled && "opacity-60",
      )}
    >
      <UploadCloud className="size-8 text-muted" aria-hidden="true" />
      <p className="text-sm">
        <span className="font-medium">Drop model files or a model folder here</span>
        {hint && <span className="mt-1 block text-muted">{hint}</span>}
      </p>
      <div className="flex gap-2">
        <button type="button" className={button} disabled={disabled} onClick={() => filesInput.current?.click()}>
          Choose files
        </button>
        <button type="button" className={button} disabled={disabled} onClick={() => folderInput.current?.click()}>
          Choose a folder
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          onFiles(filesFromInput(e.target.files));
          e.target.value = "";
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        // Not in React's types: lets the picker choose a folder and keeps the relative paths.
        {...{ webkitdirectory: "" }}
        onChange={(e) => {
          onFiles(filesFromInput(e.target.files));
          e.target.value = "";
        }}
      />
    </div>
  );
}
