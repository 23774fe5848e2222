// The model registry in the browser against the real server: register a model, upload two
// versions by file drop, promote one to production with its reason, set an alias, compare, open
// MLflow's registry links.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accessibilityProblems } from "./a11y.mjs";
import { launchBrowser, screenshot } from "./browser.mjs";
import { sidewaysOverflow, wrappedTexts } from "./flow-helpers.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;
let page;
const problems = [];
const user = { name: "Mia Models", email: `mia-${Date.now()}@example.com`, password: "correct horse battery" };

// A small MLflow model folder: the server reads flavors and signature from MLmodel and never
// loads the pickle (it only flags it).
const MLMODEL = `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    python_version: 3.11.2
  sklearn:
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.0
signature:
  inputs: '[{"type": "double", "name": "tenure_months", "required": true}, {"type": "string", "name": "plan", "required": true}]'
  outputs: '[{"type": "long", "required": true}]'
`;
const modelFiles = (seed) => [
  { name: "MLmodel", mimeType: "text/yaml", buffer: Buffer.from(MLMODEL) },
  { name: "requirements.txt", mimeType: "text/plain", buffer: Buffer.from("scikit-learn==1.5.0\n") },
  { name: "model.pkl", mimeType: "application/octet-stream", buffer: Buffer.from(`not really a pickle ${seed}`) },
];

async function api(path, body, token) {
  const r = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

/** A screenshot of a main page, and its accessibility check (reported by the last test). */
async function snap(name) {
  await screenshot(page, name);
  for (const p of await accessibilityProblems(page)) problems.push(`${name}: ${p}`);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Set-up through the API (the UI for these is covered by main-flow): a user, an org, a project.
  const { access_token } = await api("/api/v1/auth/signup", user);
  await api("/api/v1/orgs", { name: "Model Works", slug: "model-works" }, access_token);
  await api("/api/v1/orgs/model-works/projects", { name: "Churn", slug: "churn", visibility: "org" }, access_token);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${server.url}/login?next=${encodeURIComponent("/o/model-works/projects/churn/models")}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/projects\/churn\/models$/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("register a model", async () => {
  await page.getByText("No models registered yet").waitFor();
  await page.getByRole("button", { name: "Register model" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("churn-classifier");
  await page.getByRole("dialog").getByLabel("Description (optional)").fill("Predicts churn within 30 days.");
  await page.getByRole("dialog").getByRole("button", { name: "Register model" }).click();
  await page.waitForURL(/\/models\/churn-classifier$/);
  await page.getByText("No versions yet").waitFor();
});

/** Drops the files on the drop zone as a drag from the desktop would. */
async function dropFiles(dialog, files) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.mimeType }));
    return dt;
  }, files.map((f) => ({ name: f.name, mimeType: f.mimeType, text: f.buffer.toString("utf8") })));
  const zone = dialog.getByText("Drop model files or a model folder here");
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

async function uploadVersion(seed, { drop = false } = {}) {
  await page.getByRole("button", { name: "Upload version" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Upload a new version" });
  if (drop) await dropFiles(dialog, modelFiles(seed));
  else await dialog.getByTestId("file-input").setInputFiles(modelFiles(seed));
  await dialog.getByRole("list", { name: "Files to upload" }).getByText("MLmodel").waitFor();
  await dialog.getByLabel("Description (optional)").fill(`Trained with seed ${seed} on twelve months of EU customers, tenure and plan features`);
  await dialog.getByRole("button", { name: "Upload version" }).click();
  await page.waitForURL(/\/versions\/\d+$/);
}

test("upload a version: metadata and signature are read from the files", async () => {
  await uploadVersion(1);
  await page.getByRole("heading", { name: /Version 1/ }).waitFor();
  await page.getByRole("cell", { name: "tenure_months" }).waitFor();
  await page.getByText("loading them runs code").waitFor();
  await page.getByRole("table", { name: "Files" }).getByRole("cell", { name: "MLmodel", exact: true }).waitFor();
  await snap("30-model-version");
});

test("promote a version to production with a reason, and see the history", async () => {
  await page.getByRole("button", { name: "Change stage" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("New stage").selectOption("production");
  await dialog.getByLabel(/Reason/).fill("Best holdout AUC so far.");
  await dialog.getByText(/roll out v1 as a new revision/).waitFor();
  await snap("31-promote-dialog");
  await dialog.getByRole("button", { name: "Move to production" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("heading", { name: /Version 1/ }).getByText("production").waitFor();
  await page.getByText("Best holdout AUC so far.").waitFor();
});

test("a second version, an alias, and the comparison", async () => {
  await page.getByRole("link", { name: "churn-classifier" }).first().click();
  await uploadVersion(2, { drop: true });
  await page.getByRole("link", { name: "churn-classifier" }).first().click();
  await page.getByLabel("Alias").fill("champion");
  await page.getByLabel("Version", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Set" }).click();
  await page.getByText("@champion → v1").waitFor();
  await page.getByLabel("Compare v1").check();
  await page.getByLabel("Compare v2").check();
  await snap("32-model-detail");
  await page.getByRole("button", { name: /Compare 2/ }).click();
  await page.waitForURL(/\/compare\?versions=1,2$/);
  await page.getByRole("table", { name: "Version comparison" }).waitFor();
  await snap("33-compare-versions");
});

test("edit the model's description", async () => {
  await page.getByRole("link", { name: "Back to the versions" }).click();
  await page.getByRole("button", { name: "Edit model" }).click();
  await page.getByRole("dialog").getByLabel("Description").fill("Predicts churn within 30 days, EU customers.");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await page.getByText("Predicts churn within 30 days, EU customers.").waitFor();
  // In place, as Markdown: the list and the bold text render, raw HTML does not.
  await page.getByRole("button", { name: "Edit description" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Predicts churn within 30 days, EU customers.\n\n- **features**: tenure, plan <img src=x>");
  await page.getByRole("button", { name: "Save description" }).click();
  await page.locator("strong", { hasText: "features" }).waitFor();
  assert.equal(await page.getByTestId("markdown").locator("img").count(), 0);
});

test("MLflow's registry links under the tracking URI open the version and the model", async () => {
  await page.goto(`${server.url}/p/model-works/churn/#/models/churn-classifier/versions/2`);
  await page.waitForURL(`${server.url}/o/model-works/projects/churn/models/churn-classifier/versions/2`);
  await page.getByRole("heading", { name: /Version 2/ }).waitFor();
  await page.goto(`${server.url}/p/model-works/churn/#/models/churn-classifier`);
  await page.waitForURL(`${server.url}/o/model-works/projects/churn/models/churn-classifier`);
  await page.getByText("Predicts churn within 30 days, EU customers.").waitFor();
});

test("the model and version pages fit a 1400 px window and a phone, without wrapping sizes or dates", async () => {
  const versions = page.getByRole("table", { name: "Versions" });
  // Several aliases on one version, as teams use them.
  for (const alias of ["production-eu", "shadow-candidate"]) {
    await page.getByLabel("Alias", { exact: true }).fill(alias);
    await page.getByLabel("Version", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Set" }).click();
    await page.getByText(`@${alias} → v1`).waitFor();
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await versions.waitFor();
  assert.equal(await sidewaysOverflow(page), 0, "the model page is wider than 1400 px");
  const alias = await page.getByLabel("Alias", { exact: true }).boundingBox();
  assert.ok(alias && alias.x + alias.width <= 1400, "the aliases column is off-screen at 1400 px");
  assert.deepEqual(await wrappedTexts(versions), []);
  await snap("36-model-detail-1400");
  await page.setViewportSize({ width: 390, height: 844 });
  await versions.waitFor();
  assert.equal(await sidewaysOverflow(page), 0, "the model page is wider than a phone");
  assert.deepEqual(await wrappedTexts(versions), []);
  await snap("37-model-detail-phone");
  await versions.getByRole("link", { name: "v1", exact: true }).click();
  const files = page.getByRole("table", { name: "Files" });
  await files.getByRole("cell", { name: "MLmodel", exact: true }).waitFor();
  assert.equal(await sidewaysOverflow(page), 0, "the version page is wider than a phone");
  assert.deepEqual(await wrappedTexts(files), []);
  await page.setViewportSize({ width: 1400, height: 900 });
  assert.equal(await sidewaysOverflow(page), 0, "the version page is wider than 1400 px");
  assert.deepEqual(await wrappedTexts(files), []);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("the models list in grid and table views, filtered by stage", async () => {
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Models" }).click();
  await page.getByRole("link", { name: /churn-classifier/ }).waitFor();
  await snap("34-models-grid");
  await page.getByRole("button", { name: "Table view" }).click();
  await page.getByLabel("Stage").selectOption("production");
  await page.getByRole("table", { name: "Models" }).getByText("churn-classifier").waitFor();
  await page.getByLabel("Stage").selectOption("staging");
  await page.getByText("No matching models").waitFor();
  await page.getByLabel("Stage").selectOption("");
  await snap("35-models-table");
});

test("no page errors, CSP violations or accessibility problems", () => {
  assert.deepEqual(problems, []);
});
