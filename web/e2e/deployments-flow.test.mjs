// Deployments in the browser against the real server: a model registered by the stock mlflow
// client is deployed from its version page, becomes healthy, answers in the playground what the
// model's own predict answers (and the curl snippet's URL answers the same to an API key), gets a
// new revision from a settings change, is compared and rolled back, splits traffic, shows live
// logs and metrics, has its monitor's dashboard (traffic, a reference from a production window,
// drift, data quality), is stopped and deleted.
//
// Needs the server's deployments API (issue 10). Until `GET /api/v1/orgs/{org}/projects/{project}/deployments`
// answers 200, every test here skips itself and says why, so `npm run test:e2e` stays green on a
// server without it. The Python runtime worker runs with the server's configured interpreter; the
// same venv as the mlflow client (CAIRN_PYTHON, else .venv or /work/main/.venv) is exported to it
// as CAIRN_PYTHON.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { parquetWriteBuffer } from "hyparquet-writer";
import { launchBrowser } from "./browser.mjs";
import { postJson, signIn, snapAndCheck, watchPage } from "./flow-helpers.mjs";
import { startServer } from "./server.mjs";

const repo = resolve(import.meta.dirname, "..", "..");
const python = process.env.CAIRN_PYTHON ?? [join(repo, ".venv", "bin", "python"), "/work/main/.venv/bin/python"].find(existsSync);
const ORG = "serve-works";
const PROJECT = "churn";
const MODEL = "churn-classifier";
const PROJECT_BASE = `/o/${ORG}/projects/${PROJECT}`;
// A deployment becomes healthy once its worker loaded the model (a Python start-up and an import of sklearn).
const HEALTHY_MS = 120_000;

let server;
let browser;
let page;
let skipReason = null;
let model = null;
let predictKey = null;
const problems = [];
const user = { name: "Dana Deploys", email: `dana-${Date.now()}@example.com`, password: "correct horse battery" };

const api = (path, body, token) => postJson(server.url, path, body, token);
const snap = (name) => snapAndCheck(page, name, problems);

/** Skips the test (with the reason printed) while the server has no deployments API. */
function skipped(t) {
  if (skipReason) t.skip(skipReason);
  return skipReason !== null;
}

before(async () => {
  if (python) process.env.CAIRN_PYTHON = python;
  server = await startServer();
  const { access_token } = await api("/api/v1/auth/signup", user);
  await api("/api/v1/orgs", { name: "Serve Works", slug: ORG }, access_token);
  const project = await api(`/api/v1/orgs/${ORG}/projects`, { name: "Churn", slug: PROJECT, visibility: "org" }, access_token);

  const probe = await fetch(`${server.url}/api/v1/orgs/${ORG}/projects/${PROJECT}/deployments`, { headers: { Authorization: `Bearer ${access_token}` } });
  if (probe.status !== 200) {
    skipReason = `the server has no deployments API yet (GET .../deployments answered ${probe.status}); run this flow once issue 10's routes are merged`;
    console.log(`# deployments-flow skipped: ${skipReason}`);
    return;
  }
  assert.ok(python, "no Python with mlflow and scikit-learn: set CAIRN_PYTHON");

  const trainer = await api(`/api/v1/orgs/${ORG}/api-keys`, { name: "trainer", scopes: ["read", "write"], project_id: project.id }, access_token);
  const out = execFileSync(python, [join(import.meta.dirname, "log-model.py"), MODEL], {
    env: { ...process.env, MLFLOW_TRACKING_URI: `${server.url}/p/${ORG}/${PROJECT}`, MLFLOW_TRACKING_TOKEN: trainer.secret },
    encoding: "utf8",
  });
  model = JSON.parse(out.trim().split("\n").pop());
  predictKey = (await api(`/api/v1/orgs/${ORG}/api-keys`, { name: "caller", scopes: ["predict"], project_id: project.id }, access_token)).secret;

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  watchPage(page, problems);
  await signIn(page, server.url, user, `${PROJECT_BASE}/models/${MODEL}/versions/${model.version}`, /\/versions\/\d+$/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a tab of the deployment page. */
async function openTab(name) {
  await page.getByRole("navigation", { name: "Deployment" }).getByRole("link", { name }).click();
}

test("deploy a version from its page with the defaults; it becomes healthy", async (t) => {
  if (skipped(t)) return;
  await page.getByRole("link", { name: "Deploy", exact: true }).click();
  await page.waitForURL(/\/deployments\/new\?model=churn-classifier&version=\d+$/);
  assert.equal(await page.getByLabel("Model", { exact: true }).inputValue(), MODEL);
  assert.equal(await page.getByLabel("Deployment name").inputValue(), MODEL);
  await page.getByRole("list", { name: "Summary" }).getByText("Requests are batched: up to 32 rows, waiting at most 5 ms.").waitFor();
  await snap("60-deploy-form");
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.waitForURL(new RegExp(`/deployments/${MODEL}$`));
  await page.getByRole("heading", { name: new RegExp(MODEL) }).getByText("healthy").waitFor({ timeout: HEALTHY_MS });
  await page.getByRole("table", { name: "Workers" }).getByRole("cell", { name: "ready" }).first().waitFor();
  await page.getByRole("list", { name: "Events" }).getByText("created", { exact: false }).first().waitFor();
  await snap("61-deployment-overview");
});

test("the playground answers what the model's own predict answers, and so does the snippet's URL", async (t) => {
  if (skipped(t)) return;
  await openTab("Playground");
  await page.getByLabel("tenure (double)").fill(String(model.row.tenure));
  await page.getByLabel("charges (double)").fill(String(model.row.charges));
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const answer = page.getByRole("region", { name: "Answer" });
  await answer.getByText("HTTP 200").waitFor();
  const body = JSON.parse(await answer.locator("pre").textContent());
  assert.deepEqual(body, { predictions: [model.prediction] });
  await snap("62-deployment-playground");

  const curl = await page.getByLabel("curl snippet").textContent();
  const url = /curl -sS -X POST '([^']+)'/.exec(curl)[1];
  assert.ok(url.startsWith(server.url), `${url} is not on ${server.url}`);
  const viaKey = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${predictKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ dataframe_records: [model.row] }),
  });
  assert.equal(viaKey.status, 200, await viaKey.clone().text());
  assert.deepEqual(await viaKey.json(), { predictions: [model.prediction] });
  await page.getByRole("button", { name: "tritonclient" }).click();
  // The endpoint name defaults to <project slug>-<deployment name>.
  await page.getByLabel("tritonclient snippet").getByText(`client.infer("${PROJECT}-${MODEL}"`, { exact: false }).waitFor();
});

test("the list shows it in development with its traffic", async (t) => {
  if (skipped(t)) return;
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  const table = page.getByRole("table", { name: "Deployments in development" });
  await table.getByRole("link", { name: MODEL }).waitFor();
  await table.getByText("r1 100%").waitFor();
  await snap("63-deployments-list");
  await table.getByRole("link", { name: MODEL }).click();
});

test("a settings change makes revision 2; the diff shows it; rolling back to 1 makes revision 3", async (t) => {
  if (skipped(t)) return;
  await openTab("Settings");
  await page.getByLabel("Max batch size (rows)").fill("64");
  await page.getByRole("button", { name: "Save as a new revision" }).click();
  await page.getByRole("heading", { name: new RegExp(MODEL) }).getByText(/· r2/).waitFor();
  await snap("64-deployment-settings");
  await openTab("Revisions");
  await page.getByRole("table", { name: "Changes from r1 to r2" }).getByRole("cell", { name: "config.batching.max_batch_size" }).waitFor();
  await page.getByRole("button", { name: "Roll back to r1" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(/A new revision r3 will serve/).waitFor();
  await dialog.getByRole("button", { name: "Roll back to r1" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("table", { name: "Revisions" }).getByText("(current)").waitFor();
  await page.getByRole("heading", { name: new RegExp(MODEL) }).getByText(/· r3/).waitFor();
  await snap("65-deployment-revisions");
});

test("a canary split between two revisions, confirmed first", async (t) => {
  if (skipped(t)) return;
  await openTab("Traffic");
  await page.getByLabel("Canary revision").selectOption("2");
  await page.getByLabel(/Canary share/).fill("20");
  await page.getByText("Result: 80% to r3 and 20% to r2.").waitFor();
  await page.getByRole("button", { name: "Apply traffic…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await openTab("Overview");
  await page.getByText("r3 80% · r2 20%").first().waitFor({ timeout: 30_000 });
  await snap("66-deployment-traffic");
});

test("live logs and metrics", async (t) => {
  if (skipped(t)) return;
  await openTab("Logs");
  await page.getByRole("status").getByText("Live").waitFor({ timeout: 30_000 });
  await snap("67-deployment-logs");
  await openTab("Metrics");
  await page.getByText("Requests per second").waitFor();
  await page.getByRole("img", { name: /Requests per second over time/ }).waitFor();
  await snap("68-deployment-metrics");
});

test("the deployment's monitor shows its traffic, asks for a reference, takes a production window, then shows later shifted traffic drifted", async (t) => {
  if (skipped(t)) return;
  // A batch of predictions besides the playground's, so the window taken as reference has rows of both features.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${server.url}/api/v1/orgs/${ORG}/projects/${PROJECT}/deployments/${MODEL}/invocations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${predictKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ dataframe_records: [{ tenure: 1 + i, charges: 20 + 4 * i }] }),
    });
    assert.equal(r.status, 200, await r.clone().text());
  }
  await openTab("Overview");
  await page.getByRole("navigation", { name: "Deployment" }).getByRole("link", { name: "Monitoring" }).click();
  await page.waitForURL(new RegExp(`${PROJECT_BASE}/monitoring/${MODEL}$`));
  // The page follows the monitor's update stream (SSE) and refetches on each flush of the statistics.
  await page.getByText("Live: updated as traffic arrives").waitFor();
  const totals = page.getByLabel("Service totals");
  await totals.getByText(/^Requests$/).waitFor();
  await page.waitForFunction(
    () => {
      const tile = [...document.querySelectorAll('[aria-label="Service totals"] div')].find((d) => d.querySelector("dt")?.textContent === "Requests");
      return Number(tile?.querySelector("dd")?.textContent?.replace(/,/g, "")) >= 20;
    },
    null,
    { timeout: 150_000 },
  );
  await page.getByRole("img", { name: /Latency over time/ }).waitFor();
  await snap("69-monitor-service");
  // Split by revision: the same traffic, one line per revision that answered (here revision 1 only).
  await page.getByRole("checkbox", { name: "Split by revision" }).check();
  await page.getByRole("img", { name: /p99 latency by revision over time/ }).waitFor();
  await page.getByText("revision 1").first().waitFor();
  await page.getByRole("checkbox", { name: "Split by revision" }).uncheck();
  await page.getByRole("img", { name: /Latency over time/ }).waitFor();

  await page.getByRole("navigation", { name: "Monitor" }).getByRole("link", { name: "Drift" }).click();
  await page.getByRole("heading", { name: "No reference data yet" }).waitFor();
  await page.getByRole("link", { name: "Set the reference" }).click();
  await page.getByRole("heading", { name: "Reference data" }).waitFor();
  await snap("70-monitor-settings");
  // A Parquet file (as pandas writes a training set) goes to the server as it is and becomes the reference.
  const rows = Array.from({ length: 50 }, (_, i) => i % 20);
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: "tenure", data: rows.map((i) => 1 + i), type: "DOUBLE" },
      { name: "charges", data: rows.map((i) => 20 + 4 * i), type: "DOUBLE" },
    ],
  });
  await page.getByLabel("Reference CSV or Parquet file").setInputFiles({ name: "train.parquet", mimeType: "application/vnd.apache.parquet", buffer: Buffer.from(parquet) });
  await page.getByText(/From an uploaded Parquet file: 50 rows/).waitFor();
  await page.getByRole("list", { name: "Reference features" }).getByText("charges").waitFor();
  // Then a window of production traffic replaces it.
  await page.getByRole("form", { name: "Production window" }).getByRole("button", { name: "Use this window" }).click();
  await page.getByText(/From a window of production traffic/).waitFor();
  await page.getByRole("list", { name: "Reference features" }).getByText("tenure").waitFor();

  // Shifted traffic after the reference: ranges that hold traffic profiled before the reference
  // existed answer 422 on the server for now, so the drift is judged from the first whole minute
  // after it (and 30 s on, when the gateway has reloaded the reference's bins).
  const from = Math.ceil((Date.now() + 31_000) / 60_000) * 60_000;
  await new Promise((r) => setTimeout(r, from - Date.now() + 500));
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${server.url}/api/v1/orgs/${ORG}/projects/${PROJECT}/deployments/${MODEL}/invocations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${predictKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ dataframe_records: [{ tenure: 60 + i, charges: 150 + 5 * i }] }),
    });
    assert.equal(r.status, 200, await r.clone().text());
  }
  // A custom range in the URL (it does not refresh itself): reload until the minute's statistics are in.
  const driftUrl = `${server.url}${PROJECT_BASE}/monitoring/${MODEL}?tab=drift&from=${from}&to=${from + 15 * 60_000}`;
  const table = page.getByRole("table", { name: "Drift by feature" });
  const deadline = Date.now() + 150_000;
  for (;;) {
    await page.goto(driftUrl);
    await page.getByRole("heading", { name: "Data drift" }).waitFor();
    const tested = await table
      .getByRole("row", { name: /tenure/ })
      .getByText("Drifted")
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (tested) break;
    assert.ok(Date.now() < deadline, "the shifted traffic was not judged drifted in time");
    await new Promise((r) => setTimeout(r, 10_000));
  }
  await page.getByText("Dataset drift", { exact: true }).waitFor();
  await table.getByRole("button", { name: "charges" }).click();
  assert.match(page.url(), /tab=drift.*feature=charges/);
  await page.getByRole("table", { name: /Histogram of charges/ }).waitFor({ state: "attached" });
  await snap("71-monitor-drift");

  await page.getByRole("navigation", { name: "Monitor" }).getByRole("link", { name: "Data quality" }).click();
  await page.getByRole("table", { name: "Data quality by feature" }).getByRole("cell", { name: "charges" }).waitFor();
  await snap("72-monitor-quality");
  await page.getByRole("navigation", { name: "Monitor" }).getByRole("link", { name: "Performance" }).click();
  await page.getByLabel("Performance totals").getByText("Label coverage").waitFor();

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Monitoring" }).waitFor();
  await page.goto(`${server.url}${PROJECT_BASE}/monitoring?from=${from}&to=${from + 15 * 60_000}`);
  const monitors = page.getByRole("table", { name: "Monitors" });
  await monitors.getByRole("link", { name: MODEL }).waitFor();
  await monitors
    .getByRole("row", { name: new RegExp(MODEL) })
    .getByText("Drift", { exact: true })
    .waitFor({ timeout: 30_000 });
  await snap("73-monitoring-overview");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" }).click();
  await page.getByRole("table", { name: "Deployments in development" }).getByRole("link", { name: MODEL }).click();
});

test("stop, then delete after typing its name", async (t) => {
  if (skipped(t)) return;
  await openTab("Settings");
  await page.getByRole("button", { name: "Stop" }).click();
  await page.getByRole("heading", { name: new RegExp(MODEL) }).getByText("stopped").waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Delete deployment" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(`Type ${MODEL} to confirm`).fill(MODEL);
  await dialog.getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(new RegExp(`${PROJECT_BASE}/deployments$`));
  await page.getByText("No deployments yet").waitFor();
});

test("no page errors, CSP violations or accessibility problems", (t) => {
  if (skipped(t)) return;
  assert.deepEqual(problems, []);
});
