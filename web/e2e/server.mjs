// Starts the real `cairn serve` (no mocks) on a free port with a fresh data directory, serving web/dist.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..", "..");

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitUntilReady(url, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cairn exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("cairn did not become ready");
}

/** `extraArgs`: more flags for `cairn serve` (e.g. `--outbound-allow 127.0.0.1 --monitoring-interval-seconds 1`). */
export async function startServer({ smtpUrl, extraArgs = [] } = {}) {
  const bin = process.env.CAIRN_BIN ?? join(repo, "build", "cairn");
  const dataDir = mkdtempSync(join(tmpdir(), "cairn-web-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    ["serve", "--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir, "--static-dir", join(repo, "web", "dist"), "--public-url", url, ...(smtpUrl ? ["--smtp-url", smtpUrl, "--smtp-from", "cairn@example.com"] : []), ...extraArgs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const log = [];
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  await waitUntilReady(url, child);
  return {
    url,
    dataDir,
    log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
