import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, json, tokenPair } from "../../../test/fake-server";
import { startSession } from "@/lib/auth/refresh";
import { resetSessionForTests } from "@/lib/auth/session-store";
import { uploadWithProgress } from "./upload";

/** A stand-in for XMLHttpRequest that reports progress and answers with queued responses. */
class FakeXhr {
  static sent: Array<{ url: string; headers: Record<string, string> }> = [];
  static answers: Array<{ status: number; body: unknown }> = [];
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  private url = "";
  private headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  getResponseHeader() {
    return "req-xhr";
  }
  abort() {}
  send() {
    FakeXhr.sent.push({ url: this.url, headers: this.headers });
    const answer = FakeXhr.answers.shift()!;
    queueMicrotask(() => {
      this.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
      this.upload.onprogress?.({ loaded: 100, total: 100, lengthComputable: true });
      this.status = answer.status;
      this.responseText = JSON.stringify(answer.body);
      this.onload?.();
    });
  }
}

describe("uploadWithProgress", () => {
  beforeEach(() => {
    FakeXhr.sent = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    resetSessionForTests();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    resetSessionForTests();
  });

  it("reports progress and returns the created version", async () => {
    startSession(tokenPair("tok"));
    FakeXhr.answers = [{ status: 201, body: { version: 3 } }];
    const progress: number[] = [];
    const result = await uploadWithProgress<{ version: number }>("/api/v1/x", new FormData(), {
      onProgress: (p) => progress.push(p.loaded),
      headers: { "Idempotency-Key": "k1" },
    });
    expect(result.version).toBe(3);
    expect(progress).toEqual([50, 100]);
    expect(FakeXhr.sent[0]?.headers).toMatchObject({ Authorization: "Bearer tok", "Idempotency-Key": "k1" });
  });

  it("renews an expired token and sends again with the same idempotency key", async () => {
    startSession(tokenPair("old"));
    fakeFetch(() => json(200, tokenPair("new")));
    FakeXhr.answers = [
      { status: 401, body: { error: { code: "unauthenticated", message: "expired", request_id: "r" } } },
      { status: 201, body: { version: 4 } },
    ];
    const result = await uploadWithProgress<{ version: number }>("/api/v1/x", new FormData(), { headers: { "Idempotency-Key": "k2" } });
    expect(result.version).toBe(4);
    expect(FakeXhr.sent.map((s) => s.headers.Authorization)).toEqual(["Bearer old", "Bearer new"]);
    expect(FakeXhr.sent[1]?.headers["Idempotency-Key"]).toBe("k2");
  });

  it("throws the server's error (e.g. too large)", async () => {
    startSession(tokenPair("tok"));
    FakeXhr.answers = [{ status: 413, body: { error: { code: "payload_too_large", message: "The upload exceeds 32 MiB.", request_id: "r413" } } }];
    await expect(uploadWithProgress("/api/v1/x", new FormData())).rejects.toMatchObject({
      status: 413,
      code: "payload_too_large",
      message: "The upload exceeds 32 MiB.",
      requestId: "r413",
    });
  });
});
