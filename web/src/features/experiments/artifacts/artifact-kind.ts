/** How the browser previews an artifact; anything else is offered as a download only. */
export type PreviewKind = "image" | "json" | "csv" | "text" | "none";

const IMAGE = new Set(["png", "jpg", "jpeg", "gif", "webp", "bmp", "svg"]);
const TEXT = new Set(["txt", "log", "md", "yaml", "yml", "py", "toml", "ini", "cfg", "sh", "sql", "html", "htm", "xml", "r", "ipynb"]);
// MLflow writes these without an extension; they are YAML or plain text.
const TEXT_NAMES = new Set(["MLmodel", "requirements.txt", "conda.yaml", "python_env.yaml", "LICENSE", "README"]);

/** Up to this size a text-like artifact is fetched whole for the preview; larger ones are download-only. */
export const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;

/**
 * The preview of a file by its name. HTML and XML are shown as source text, never rendered: an
 * artifact is whatever a training script wrote, and rendering it would run its scripts in our origin.
 */
export function previewKind(name: string, size: number | null): PreviewKind {
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  if (IMAGE.has(ext)) return size !== null && size > 4 * MAX_PREVIEW_BYTES ? "none" : "image";
  if (size !== null && size > MAX_PREVIEW_BYTES) return "none";
  if (ext === "json") return "json";
  if (ext === "csv" || ext === "tsv") return "csv";
  if (TEXT.has(ext) || TEXT_NAMES.has(name)) return "text";
  return "none";
}

/** JSON indented for reading; the text as it is when it does not parse (a preview should not fail). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
