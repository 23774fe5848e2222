// Frames per second while the pointer sweeps across a chart of many overlaid runs in an experiment's
// Charts tab (a measurement, not a test: it prints figures and asserts nothing). It starts its own
// server, logs RUNS trials with the stock mlflow client, then counts requestAnimationFrame callbacks
// while the mouse moves across the first panel.
//   npm run build && CAIRN_BIN=/tmp/cairn-base node e2e/measure-hover-fps.mjs [runs=150] [seconds=4]
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { launchBrowser } from "./browser.mjs";
import { postJson, signIn } from "./flow-helpers.mjs";
import { startServer } from "./server.mjs";

const runs = Number(process.argv[2] ?? 150);
const seconds = Number(process.argv[3] ?? 4);
const repo = resolve(import.meta.dirname, "..", "..");
const python = process.env.CAIRN_PYTHON ?? [join(repo, ".venv", "bin", "python"), "/work/main/.venv/bin/python"].find(existsSync);
const server = await startServer();
const browser = await launchBrowser();
try {
  const api = (path, body, token) => postJson(server.url, path, body, token);
  const user = { name: "Fay Frames", email: `fay-${Date.now()}@example.com`, password: "correct horse battery" };
  const { access_token } = await api("/api/v1/auth/signup", user);
  await api("/api/v1/orgs", { name: "Frames", slug: "frames" }, access_token);
  const project = await api("/api/v1/orgs/frames/projects", { name: "Hover", slug: "hover", visibility: "org" }, access_token);
  const key = await api("/api/v1/orgs/frames/api-keys", { name: "logger", scopes: ["read", "write"], project_id: project.id }, access_token);
  // RUNS trials (plus the sweep's cross-validation parent and folds), 3 metrics x 300 steps each.
  await promisify(execFile)(python, [join(import.meta.dirname, "log-sweep.py"), "hover-sweep", String(runs), "3", "300", "2"], {
    env: { ...process.env, MLFLOW_TRACKING_URI: `${server.url}/p/frames/hover`, MLFLOW_TRACKING_TOKEN: key.secret },
  });

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, server.url, user, "/o/frames/projects/hover/experiments", /\/projects\/hover\/experiments$/);
  await page.getByRole("link", { name: "hover-sweep" }).click();
  await page.getByRole("button", { name: "Charts", exact: true }).click();
  const panel = page.getByRole("figure", { name: "train_loss" });
  await panel.getByRole("img", { name: /Chart of train_loss for \d+ runs/ }).locator("canvas").waitFor();
  await page.waitForLoadState("networkidle");
  const drawnRuns = await panel.getByRole("img", { name: /Chart of train_loss/ }).getAttribute("aria-label");
  const area = await panel.locator(".u-over").boundingBox();

  // Count frames in the page while the pointer sweeps left to right and back, one move per ~16 ms.
  await page.evaluate(() => {
    window.__frames = [];
    // Main-thread tasks over 50 ms (what would drop frames), counted alongside.
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
    const tick = (t) => {
      window.__frames.push(t);
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const moves = Math.round((seconds * 1000) / 16);
  const y = area.y + area.height / 2;
  const t0 = Date.now();
  for (let i = 0; i < moves; i++) {
    const phase = (i % 120) / 120; // one sweep across and back every 120 moves
    const x = area.x + 2 + (area.width - 4) * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
    await page.mouse.move(x, y);
  }
  const wall = (Date.now() - t0) / 1000;
  const { frames, long } = await page.evaluate(() => {
    window.__stop = true;
    return { frames: window.__frames, long: window.__long };
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const span = (frames.at(-1) - frames[0]) / 1000;
  console.log(`${drawnRuns}: ${moves} pointer moves in ${wall.toFixed(1)} s`);
  console.log(
    `frames ${frames.length} in ${span.toFixed(2)} s = ${(frames.length / span).toFixed(1)} fps; frame gap median ${gaps[gaps.length >> 1].toFixed(1)} ms, p95 ${gaps[Math.floor(gaps.length * 0.95)].toFixed(1)} ms, max ${gaps.at(-1).toFixed(1)} ms; long tasks ${long.length} (longest ${Math.round(Math.max(0, ...long))} ms)`,
  );
} finally {
  await browser.close();
  await server.stop();
}
