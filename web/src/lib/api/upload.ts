import { sendWithSession } from "@/lib/auth/send-with-session";
import { apiBaseUrl } from "./base-url";
import { ApiError } from "./errors";

export interface UploadProgress {
  loaded: number;
  total: number;
}

interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

interface XhrResult {
  status: number;
  body: unknown;
  requestId: string | null;
}

function sendOnce(path: string, form: FormData, token: string | null, { onProgress, signal, headers }: UploadOptions): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiBaseUrl() + path);
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    for (const [k, v] of Object.entries(headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON: keep null, the status says enough
      }
      resolve({ status: xhr.status, body, requestId: xhr.getResponseHeader("X-Request-Id") });
    };
    xhr.onerror = () => reject(new TypeError("network error"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}

/**
 * POSTs multipart form data with upload progress (fetch cannot report it, XMLHttpRequest can),
 * with the same session handling as every other call. Returns the JSON body or throws ApiError.
 */
export async function uploadWithProgress<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  const result = await sendWithSession((token) => sendOnce(path, form, token, options));
  if (result.status < 200 || result.status >= 300) throw ApiError.fromBody(result.status, result.body, result.requestId);
  return result.body as T;
}
