// Experiment tracking in the browser against the real server: two runs logged by the real mlflow
// client (with an API key made in the test), seen in the runs table, filtered with a bad and a good
// expression, one opened with its metric chart drawn and artifacts previewed, both compared; the
// "View run at" links the client prints open the run. A 30-trial sweep with nested runs goes through
// the analysis views: the runs grid, the experiment's charts and the sweep tab. Notes and descriptions
// are Markdown; the filter completes keys; charts group, pin and fix a y range; views are saved by name.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { launchBrowser, screenshot } from "./browser.mjs";
import { postJson, sidewaysOverflow, signIn, snapAndCheck, watchPage } from "./flow-helpers.mjs";
import { startServer } from "./server.mjs";

const execFileAsync = promisify(execFile);
const repo = resolve(import.meta.dirname, "..", "..");
const python = process.env.CAIRN_PYTHON ?? [join(repo, ".venv", "bin", "python"), "/work/main/.venv/bin/python"].find(existsSync);
// Enough points that the chart must be downsampled by the server (it asks for about its width).
const STEPS = 20_000;
// Trials of the sweep; with its cross-validation parent and three folds, SWEEP_RUNS + 4 runs.
const SWEEP_RUNS = 30;

let server;
let browser;
let page;
let runIds = [];
let viewRunLink;
let viewExperimentLink;
const problems = [];
const user = { name: "Erin Experiments", email: `erin-${Date.now()}@example.com`, password: "correct horse battery" };

const api = (path, body, token) => postJson(server.url, path, body, token);
const snap = (name) => snapAndCheck(page, name, problems);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { access_token } = await api("/api/v1/auth/signup", user);
  await api("/api/v1/orgs", { name: "Track Works", slug: "track-works" }, access_token);
  const project = await api("/api/v1/orgs/track-works/projects", { name: "Churn", slug: "churn", visibility: "org" }, access_token);
  const key = await api("/api/v1/orgs/track-works/api-keys", { name: "trainer", scopes: ["read", "write"], project_id: project.id }, access_token);
  // The stock mlflow client, configured the way the empty states tell users to.
  const out = execFileSync(python, [join(import.meta.dirname, "log-runs.py"), "churn-baseline", String(STEPS)], {
    env: { ...process.env, MLFLOW_TRACKING_URI: `${server.url}/p/track-works/churn`, MLFLOW_TRACKING_TOKEN: key.secret },
    encoding: "utf8",
  });
  runIds = JSON.parse(out.trim().split("\n").pop());
  assert.equal(runIds.length, 2);
  // What mlflow prints after each run: "🏃 View run <name> at: <URI>/#/experiments/<id>/runs/<id>".
  viewRunLink = out.match(/View run xgb-depth-6 at: (\S+)/)?.[1];
  viewExperimentLink = out.match(/View experiment at: (\S+)/)?.[1];
  assert.ok(viewRunLink?.includes("/p/track-works/churn/#/experiments/"), out);

  // A sweep with nested cross-validation runs, from the stock client too: the analysis views' data.
  // Asynchronously: a blocked event loop would stop draining the server's log pipe, and the server would stall on it.
  const { stdout: sweep } = await execFileAsync(python, [join(import.meta.dirname, "log-sweep.py"), "churn-sweep", String(SWEEP_RUNS), "3", "300", "2"], {
    env: { ...process.env, MLFLOW_TRACKING_URI: `${server.url}/p/track-works/churn`, MLFLOW_TRACKING_TOKEN: key.secret },
    encoding: "utf8",
  });
  assert.equal(JSON.parse(sweep.trim().split("\n").pop()).runs, SWEEP_RUNS);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  watchPage(page, problems);
  await signIn(page, server.url, user, "/o/track-works/projects/churn/experiments", /\/projects\/churn\/experiments$/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the experiments list shows the experiment the mlflow client created", async () => {
  await page.getByRole("link", { name: "churn-baseline" }).waitFor();
  await snap("40-experiments");
});

test("the runs table lists the logged runs with their params and metrics", async () => {
  await page.getByRole("link", { name: "churn-baseline" }).click();
  const table = page.getByRole("table", { name: "Runs" });
  await table.getByRole("link", { name: "xgb-depth-6" }).waitFor();
  await table.getByRole("link", { name: "xgb-depth-8" }).waitFor();
  await table.getByRole("columnheader", { name: "val_auc" }).waitFor();
  await snap("41-runs-table");
});

test("a bad filter shows the server's error inline; a good one filters", async () => {
  const box = page.getByLabel("Filter runs");
  await box.fill("params.max_depth == '8' andd");
  await box.press("Enter");
  const error = page.getByRole("alert").filter({ hasText: /position \d+/ });
  await error.waitFor();
  await page.getByTestId("filter-error-caret").waitFor();
  await snap("42-filter-error");
  await box.fill("params.max_depth = '8'");
  await box.press("Enter");
  const table = page.getByRole("table", { name: "Runs" });
  await table.getByRole("link", { name: "xgb-depth-8" }).waitFor();
  await table.getByRole("link", { name: "xgb-depth-6" }).waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Clear" }).click();
  await table.getByRole("link", { name: "xgb-depth-6" }).waitFor();
});

test("sorting by a metric column asks the server", async () => {
  const table = page.getByRole("table", { name: "Runs" });
  await table.getByRole("button", { name: "val_auc", exact: true }).click();
  await page.waitForURL(/sort=metrics.val_auc/);
  await table.getByRole("columnheader", { name: "val_auc" }).and(page.locator('[aria-sort="descending"]')).waitFor();
});

test("a run's page charts its metrics from a downsampled history, and previews artifacts", async () => {
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "xgb-depth-6" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f]+$/);
  await page.getByRole("heading", { name: /xgb-depth-6/ }).waitFor();
  const chart = page.getByRole("img", { name: /Chart of train_loss/ });
  await chart.locator("canvas").waitFor();
  await page
    .getByText(/points \(downsampled\)/)
    .first()
    .waitFor();
  // The canvas has been drawn on: some pixels are not blank.
  const drawn = await chart.locator("canvas").evaluate((c) => {
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
  assert.ok(drawn, "the metric chart drew nothing");
  // Pointing at the chart reads out the step and the value there.
  await chart.hover({ position: { x: 200, y: 80 } });
  await page
    .getByRole("figure", { name: "train_loss" })
    .getByRole("list", { name: "Series" })
    .getByText(/^step \d+$/)
    .waitFor();
  await page.getByRole("cell", { name: "learning_rate" }).waitFor();
  await page.getByRole("button", { name: "Zoom in" }).first().click();
  // A metric logged once is its value, not an empty line chart.
  await page.getByRole("figure", { name: "test_auc" }).getByText("0.91", { exact: true }).waitFor();
  assert.equal(await page.getByRole("img", { name: /Chart of test_auc/ }).count(), 0);

  await page.getByRole("button", { name: "reports" }).click();
  await page.getByRole("button", { name: /summary\.json/ }).click();
  await page.getByLabel("Contents of summary.json").getByText('"features"').waitFor();
  await page.getByRole("button", { name: /page\.html/ }).click();
  // HTML is shown as its source text, never rendered.
  await page.getByLabel("Contents of page.html").getByText("<script>alert('never rendered')</script>").waitFor();
  await page.getByRole("button", { name: /curve\.csv/ }).click();
  await page.getByRole("table", { name: "Preview of curve.csv" }).getByRole("cell", { name: "0.51" }).waitFor();
  await page.getByRole("button", { name: "artifacts", exact: true }).click();
  await page.getByRole("button", { name: "plots" }).click();
  await page.getByRole("button", { name: /confusion\.png/ }).click();
  await page.getByRole("img", { name: "confusion.png" }).waitFor();
  await snap("43-run-detail");
});

test("notes are written in Markdown, previewed, and rendered without raw HTML", async () => {
  await page.getByRole("button", { name: "Edit notes" }).click();
  await page.getByLabel("Notes", { exact: true }).fill("**Depth 6** generalises best.\n\n- learning rate `0.1`\n- <script>window.pwned = 1</script>");
  await page.getByRole("group", { name: "Editor mode" }).getByRole("button", { name: "Preview" }).click();
  await page.getByRole("region", { name: "Preview of the notes" }).locator("strong", { hasText: "Depth 6" }).waitFor();
  await page.getByRole("button", { name: "Save notes" }).click();
  const notes = page.getByTestId("markdown").filter({ hasText: "generalises best" });
  await notes.locator("strong", { hasText: "Depth 6" }).waitFor();
  await notes.locator("code", { hasText: "0.1" }).waitFor();
  assert.equal(await notes.locator("script").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});

test("two runs compared: overlaid charts and the param diff", async () => {
  await page.goto(`${server.url}/o/track-works/projects/churn/experiments`);
  await page.getByRole("link", { name: "churn-baseline" }).click();
  await page.getByLabel("Select xgb-depth-6").check();
  await page.getByLabel("Select xgb-depth-8").check();
  await page.getByRole("button", { name: "Compare 2" }).click();
  await page.waitForURL(/\/runs\/compare\?runs=/);
  await page
    .getByRole("img", { name: /Chart of val_auc by step for xgb-depth-6, xgb-depth-8|Chart of val_auc by step for xgb-depth-8, xgb-depth-6/ })
    .locator("canvas")
    .waitFor();
  const diff = page.getByRole("table", { name: "Parameter differences" });
  await diff.getByRole("row", { name: /max_depth \(differs\)/ }).waitFor();
  await page.getByRole("table", { name: "Metric summary" }).waitFor();
  // A metric logged once per run: a bar per run with its value, not an empty chart.
  const bars = page.getByRole("list", { name: "test_auc by run" });
  await bars.getByRole("listitem").filter({ hasText: "xgb-depth-6" }).getByText("0.91", { exact: true }).waitFor();
  await bars.getByRole("listitem").filter({ hasText: "xgb-depth-8" }).getByText("0.93", { exact: true }).waitFor();
  assert.equal(await page.getByRole("img", { name: /Chart of test_auc/ }).count(), 0);
  // Image artifacts side by side: a row per path, a column per run, a placeholder where a run has none.
  // Thumbnails load as they near the screen: scroll the table into view. (Inside its enlarge button an
  // image is not in the accessibility tree, so thumbnails are found by their alt text.)
  const images = page.getByRole("table", { name: "Images by run" });
  await images.scrollIntoViewIfNeeded();
  const confusion = images.getByRole("row", { name: /plots\/confusion\.png/ });
  await confusion.getByAltText("plots/confusion.png of xgb-depth-6").waitFor();
  await confusion.getByAltText("plots/confusion.png of xgb-depth-8").waitFor();
  const roc = images.getByRole("row", { name: /plots\/roc\.svg/ });
  await roc.getByAltText("plots/roc.svg of xgb-depth-8").waitFor();
  await roc.getByText("Not logged").waitFor();
  assert.equal(await images.getByRole("row", { name: /summary\.json/ }).count(), 0);
  await roc.getByRole("button", { name: "Enlarge plots/roc.svg of xgb-depth-8" }).click();
  const enlarged = page.getByRole("dialog", { name: "plots/roc.svg" });
  const big = enlarged.getByRole("img", { name: "plots/roc.svg of xgb-depth-8" });
  await big.waitFor();
  // The svg's bytes drew (an <img> never runs an svg's scripts): it decodes to its natural size.
  await big.evaluate((img) => img.decode());
  assert.equal(await big.evaluate((img) => img.naturalWidth), 20);
  await page.keyboard.press("Escape");
  await enlarged.waitFor({ state: "detached" });
  await snap("44-compare-runs");
  await page.getByLabel("Only differences").check();
  assert.equal(await diff.getByRole("row", { name: /seed/ }).count(), 0);
});

test("tablet width and dark theme", async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${server.url}/o/track-works/projects/churn/runs/${runIds[0]}`);
  await page
    .getByRole("img", { name: /Chart of train_loss/ })
    .locator("canvas")
    .waitFor();
  await snap("45-run-tablet");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => {
    localStorage.setItem("cairn.theme", "dark");
  });
  await page.reload();
  await page
    .getByRole("img", { name: /Chart of train_loss/ })
    .locator("canvas")
    .waitFor();
  await snap("46-run-dark");
});

test("a run is deleted and restored from its page", async () => {
  await page.goto(`${server.url}/o/track-works/projects/churn/runs/${runIds[1]}`);
  await page.getByRole("button", { name: "Delete run" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete run" }).click();
  await page
    .getByRole("heading", { name: /xgb-depth-8/ })
    .getByText("deleted")
    .waitFor();
  await page.getByRole("link", { name: "churn-baseline" }).click();
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "xgb-depth-6" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "xgb-depth-8" }).count(), 0);
  await page.getByLabel("Show").selectOption("deleted");
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "xgb-depth-8" }).click();
  await page.getByRole("button", { name: "Restore run" }).click();
  await page.getByRole("button", { name: "Delete run" }).waitFor();
});

test("create, rename, delete and restore an experiment", async () => {
  await page.goto(`${server.url}/o/track-works/projects/churn/experiments`);
  await page.getByRole("button", { name: "New experiment" }).click();
  const dialog = page.getByRole("dialog", { name: "New experiment" });
  await dialog.getByLabel("Name").fill("scratch");
  await dialog.getByRole("button", { name: "Create experiment" }).click();
  await page.waitForURL(/\/experiments\/\d+$/);
  // An empty experiment says how to log into it.
  await page.getByText("No runs yet").waitFor();
  await page.getByText(/MLFLOW_TRACKING_URI=/).waitFor();
  await snap("47-experiment-empty");

  await page.getByRole("link", { name: "Experiments" }).first().click();
  await page.getByRole("button", { name: "Edit scratch" }).click();
  const edit = page.getByRole("dialog", { name: "Rename or describe the experiment" });
  await edit.getByLabel("Name").fill("scratch-2");
  await edit.getByLabel("Description (optional)").fill("Trying things out.");
  await edit.getByRole("button", { name: "Save" }).click();
  await page.getByRole("cell", { name: "Trying things out." }).waitFor();

  await page.getByRole("button", { name: "Delete scratch-2" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete experiment" }).click();
  await page.getByRole("link", { name: "scratch-2" }).waitFor({ state: "detached" });
  await page.getByLabel("Show").selectOption("deleted");
  await page.getByRole("button", { name: "Restore scratch-2" }).click();
  await page.getByText("scratch-2 restored").waitFor();
  await page.getByLabel("Show").selectOption("active");
  await page.getByRole("link", { name: "scratch-2" }).waitFor();
});

test("the links the mlflow client prints open the run and the experiment, after signing in when needed", async () => {
  await page.goto(viewExperimentLink);
  await page.waitForURL(/\/o\/track-works\/projects\/churn\/experiments\/\d+$/);
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "xgb-depth-6" }).waitFor();
  await page.goto(viewRunLink);
  await page.waitForURL(`${server.url}/o/track-works/projects/churn/runs/${runIds[0]}`);
  await page.getByRole("heading", { name: /xgb-depth-6/ }).waitFor();
  // A link to something that is not there says so.
  await page.goto(`${server.url}/p/track-works/churn/#/models/never-registered/versions/3`);
  await page.getByRole("heading", { name: "Nothing to open here" }).waitFor();
  await page.getByText('version 3 of model "never-registered"', { exact: false }).waitFor();
  // Signed out, the link goes through the sign-in page and still lands on the run.
  const guest = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const fresh = await guest.newPage();
  watchPage(fresh, problems);
  await fresh.goto(viewRunLink);
  await fresh.waitForURL(/\/login\?next=/);
  await fresh.getByLabel("Email").fill(user.email);
  await fresh.getByLabel("Password").fill(user.password);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await fresh.waitForURL(`${server.url}/o/track-works/projects/churn/runs/${runIds[0]}`);
  await fresh.getByRole("heading", { name: /xgb-depth-6/ }).waitFor();
  await guest.close();
});

test("an experiment's description is Markdown; the filter box completes keys, comparators and AND", async () => {
  await page.goto(`${server.url}/o/track-works/projects/churn/experiments`);
  await page.getByRole("link", { name: "churn-sweep" }).click();
  const description = page.getByRole("region", { name: "Description" });
  await description.getByRole("button", { name: "Edit description" }).click();
  await description.getByLabel("Description", { exact: true }).fill("## Depth sweep\n\nDoes **deeper** help? See [the plan](https://example.com/plan).");
  await description.getByRole("button", { name: "Save description" }).click();
  await description.getByRole("heading", { name: "Depth sweep" }).waitFor();
  await description.getByRole("link", { name: "the plan" }).and(page.locator('[target="_blank"][rel~="noopener"]')).waitFor();

  const grid = page.getByRole("table", { name: "Runs" });
  await grid.getByRole("link", { name: "trial-000" }).waitFor();
  const box = page.getByRole("combobox", { name: "Filter runs" });
  const suggestions = page.getByRole("listbox", { name: "Filter suggestions" });
  await box.click();
  await box.pressSequentially("max_d");
  await suggestions.getByRole("option", { name: /^params\.max_depth/ }).click();
  // A param takes text comparators only: no < or >.
  await suggestions.getByRole("option", { name: /^LIKE/ }).waitFor();
  assert.equal(await suggestions.getByRole("option", { name: /^>/ }).count(), 0);
  await suggestions.getByRole("option", { name: /^=/ }).click();
  await box.pressSequentially("'9' ");
  await suggestions.getByRole("option", { name: /^and/ }).waitFor();
  await snap("48a-filter-completion");
  await box.press("Enter");
  await page.waitForURL(/filter=params.max_depth/);
  await grid.getByRole("link", { name: "trial-028" }).waitFor();
  await grid.getByRole("link", { name: "trial-000" }).waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Clear" }).click();
  await grid.getByRole("link", { name: "trial-000" }).waitFor();
});

test("the runs grid of a sweep: count, nested runs, columns of the whole experiment in the URL, sticky header and name, selection", async () => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${server.url}/o/track-works/projects/churn/experiments`);
  await page.getByRole("link", { name: "churn-sweep" }).click();
  const grid = page.getByRole("table", { name: "Runs" });
  await grid.getByRole("link", { name: "trial-000" }).waitFor();
  await page.getByText(`${SWEEP_RUNS + 4} runs`, { exact: true }).waitFor();
  // The folds are folded under their parent until it is expanded.
  assert.equal(await grid.getByRole("link", { name: "cv-fold-0" }).count(), 0);
  await grid.getByRole("button", { name: "Expand 3 child runs of cv-parent" }).click();
  await grid.getByRole("link", { name: "cv-fold-2" }).waitFor();
  for (const group of ["Attributes", "Parameters", "Metrics"]) await grid.getByRole("columnheader", { name: group }).waitFor();
  await grid.getByRole("columnheader", { name: "Duration" }).waitFor();

  // The chooser lists every key of the experiment, searchable; the choice goes into the URL and survives a reload.
  await page.getByRole("button", { name: /^Columns \(\d+\)$/ }).click();
  await page.getByRole("searchbox", { name: "Search columns" }).fill("swe");
  // The checkbox follows the URL (a transition): click, then wait for the URL, not for the box.
  await page.getByRole("checkbox", { name: "learning_rate" }).waitFor({ state: "detached" });
  await page.getByRole("checkbox", { name: "sweep" }).click();
  await page.waitForURL(/cols=[^&]*tags.sweep/);
  await page.getByRole("checkbox", { name: "sweep", checked: true }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByLabel("Runs per page").selectOption("25");
  await page.waitForURL(/ps=25/);
  await page.reload();
  await grid.getByRole("columnheader", { name: "sweep" }).waitFor();
  await page.getByText("Page 1").waitFor();

  // Column drag by keyboard (dnd-kit): lift the second metric column by its grip, move it left past the
  // first, drop. The header, the URL's cols and a reload all keep the new order.
  const metricOrder = () => grid.locator('th[data-column^="metrics."]').evaluateAll((ths) => ths.map((th) => th.dataset.column));
  const before = await metricOrder();
  assert.ok(before.length >= 2, `need two metric columns, got ${before}`);
  const [firstMetric, secondMetric] = before;
  await grid.getByRole("button", { name: `Drag column ${secondMetric.slice("metrics.".length)}`, exact: true }).focus();
  // dnd-kit measures the headers after the lift and animates each move: give it a moment per key.
  for (const key of ["Space", "ArrowLeft", "Space"]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(300);
  }
  const expected = [secondMetric, firstMetric, ...before.slice(2)];
  const colsInUrl = () => new URL(page.url()).searchParams.get("cols")?.split(",").filter((id) => id.startsWith("metrics.")) ?? [];
  for (let i = 0; i < 50 && colsInUrl().join() !== expected.join(); i++) await page.waitForTimeout(100);
  assert.deepEqual(colsInUrl(), expected);
  assert.deepEqual(await metricOrder(), expected);
  await page.reload();
  // 25 a page, newest first: trial-000 is on the second page.
  await grid.getByRole("link", { name: "trial-020" }).waitFor();
  assert.deepEqual(await metricOrder(), expected);
  await snap("48-runs-grid");

  // Grouped by a param (the URL's group, shared with the charts): folded aggregate rows with the value,
  // the count and each metric's mean and min–max; a group opens to its runs.
  await page.getByLabel("Group runs by").selectOption("params.learning_rate");
  await page.waitForURL(/group=params.learning_rate/);
  const groupRows = grid.getByTestId("group-row");
  await groupRows.first().waitFor();
  assert.ok((await groupRows.count()) >= 2);
  assert.equal(await grid.getByRole("link", { name: "trial-020" }).count(), 0);
  const lr = groupRows.filter({ hasText: "learning_rate=0.3" });
  // The cell under the first metric column: the two leading cells (checkbox, name), then the columns in header order.
  const headerIds = await grid.locator("th[data-column]").evaluateAll((ths) => ths.map((th) => th.dataset.column));
  const aggregate = await lr.locator("td").nth(2 + headerIds.indexOf(expected[0])).innerText();
  assert.match(aggregate, /^-?[\d.e+-]+\s*-?[\d.e+-]+–-?[\d.e+-]+$/, `${expected[0]} aggregate of the group: ${aggregate}`);
  // The group's count is the whole experiment's (the server's GROUP BY); the page may hold fewer of its runs.
  await lr.getByRole("button", { name: /^Expand group learning_rate=0.3 \(\d+ runs(, \d+ on this page)?\)$/ }).click();
  await grid.getByRole("link", { name: /^trial-\d+$/ }).first().waitFor();
  await snap("48b-runs-grid-grouped");
  await page.reload();
  await grid.getByTestId("group-row").first().waitFor();
  await page.getByLabel("Group runs by").selectOption("");
  await page.waitForURL((url) => !url.search.includes("group="));
  await grid.getByRole("link", { name: "trial-020" }).waitFor();

  // Scrolled inside the grid, the header stays on top and the run name on the left.
  const box = page.getByTestId("runs-grid");
  await box.evaluate((el) => el.scrollBy(400, 300));
  const [gridTop, headerTop] = [await box.boundingBox(), await grid.getByRole("columnheader", { name: "Run", exact: true }).boundingBox()];
  assert.ok(Math.abs(headerTop.y - gridTop.y) < 40, `header scrolled away: ${headerTop.y} vs ${gridTop.y}`);
  const nameCell = grid.getByRole("link", { name: "trial-020" });
  assert.ok((await nameCell.boundingBox()).x < gridTop.x + 120, "the run name scrolled away sideways");
  await box.evaluate((el) => el.scrollTo(0, 0));

  // Select all: the compare action shows while selecting, and says why it is off past ten runs.
  await page.getByLabel("Select all runs on this page").check();
  await page.getByRole("button", { name: "Compare 25" }).and(page.locator("[disabled]")).waitFor();
  await page.getByRole("button", { name: /Clear selection/ }).click();
  await page.getByLabel("Select trial-020").check();
  await page.getByLabel("Select trial-021").check();
  await page.getByRole("button", { name: "Compare 2" }).click();
  await page.waitForURL(/\/runs\/compare\?runs=/);
  const matrix = page.getByRole("table", { name: "Metric summary" });
  await matrix.getByRole("columnheader", { name: /test_auc/ }).waitFor();
  assert.equal((await matrix.getByText("(best)").count()) >= 3, true);
  await page.goBack();
});

test("the experiment's charts: every run, bulk histories, legend, axes, smoothing, zoom fetched as a window", async () => {
  // The request bodies are not visible to the browser's tooling (a streamed Request), so the answers are checked.
  const answers = [];
  page.on("response", async (r) => {
    if (r.url().endsWith("/runs/metrics/histories") && r.ok()) answers.push(await r.json());
  });
  await page.getByRole("button", { name: "Charts", exact: true }).click();
  const loss = page.getByRole("figure", { name: "train_loss" });
  await loss
    .getByRole("img", { name: /Chart of train_loss for \d+ runs/ })
    .locator("canvas")
    .waitFor();
  await loss.getByText(`${SWEEP_RUNS} runs`).waitFor();
  // One call per panel with every run that logged the metric, not one per run.
  const lossAnswer = () => answers.find((a) => a.items.length > 0 && a.items.every((item) => item.key === "train_loss"));
  for (let i = 0; i < 100 && !lossAnswer(); i++) await page.waitForTimeout(100);
  assert.equal(new Set(lossAnswer().items.map((item) => item.run_id)).size, SWEEP_RUNS);
  // A metric logged once is bars across runs, the best first.
  const bars = page.getByRole("list", { name: "test_auc by run" });
  await bars.getByRole("listitem").first().waitFor();

  const legend = page.getByRole("region", { name: "Runs on the charts" });
  await legend.getByRole("button", { name: "trial-000", exact: true }).click();
  await legend.getByRole("button", { name: "trial-000", exact: true }).and(page.locator('[aria-pressed="false"]')).waitFor();
  await legend.getByText(`${SWEEP_RUNS + 3} of ${SWEEP_RUNS + 4} shown`).waitFor();
  await legend.getByRole("button", { name: "Show only trial-005" }).click();
  await legend.getByText(`1 of ${SWEEP_RUNS + 4} shown`).waitFor();
  await legend.getByRole("button", { name: "Show all" }).click();
  // Hovering a legend entry names the run over every panel.
  await legend.getByRole("button", { name: "trial-007", exact: true }).hover();
  await page.getByRole("figure", { name: "val_loss" }).getByText("trial-007").waitFor();

  await page.getByLabel("X axis").selectOption("relative");
  await page.waitForURL(/x=relative/);
  // The box follows the URL, which updates in a transition: click, then wait for the URL.
  await page.getByLabel("Log scale").click();
  await page.waitForURL(/logy=1/);
  await page.getByLabel("Smoothing").focus();
  await page.keyboard.press("End");
  await page.waitForURL(/smooth=0.99/);
  await page.getByLabel("X axis").selectOption("step");
  // The panels are rebuilt for the new axis once the URL has changed: wait for it, then for the new canvas.
  await page.waitForURL((url) => !url.search.includes("x=relative"));
  await loss.locator("canvas").waitFor();

  // Dragging across a panel zooms every panel and asks the server for that step window only.
  const canvas = loss.locator(".u-over");
  // The panel can be rebuilt once more as the new axis's data arrives: an element that went away
  // mid-scroll is looked up again (the locator finds the new one), a few times at most.
  for (let attempt = 1; ; attempt++) {
    try {
      await canvas.scrollIntoViewIfNeeded();
      break;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("not attached")) throw error;
    }
  }
  const area = await canvas.boundingBox();
  answers.length = 0;
  await page.mouse.move(area.x + area.width * 0.3, area.y + area.height / 2);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.6, area.y + area.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.getByRole("button", { name: "Reset zoom" }).waitFor();
  // The answer for the window holds that window only, at full resolution (no history starts at step 0).
  const windowed = () =>
    answers.find((a) => a.items.length > 0 && a.items.every((item) => item.key === "train_loss" && item.steps[0] > 0 && item.steps.at(-1) < 299));
  for (let i = 0; i < 100 && !windowed(); i++) await page.waitForTimeout(100);
  assert.ok(windowed(), JSON.stringify(answers.map((a) => a.items.slice(0, 1).map((item) => [item.key, item.steps[0], item.steps.at(-1)]))));
  assert.ok(windowed().items.every((item) => !item.downsampled));
  await page.getByLabel("Search panels").fill("val_");
  await page.getByRole("figure", { name: "train_loss" }).waitFor({ state: "detached" });
  await page.getByRole("figure", { name: "val_auc" }).waitFor();
  await snap("49-experiment-charts");
  await page.getByRole("button", { name: "Reset zoom" }).click();
});

test("charts grouped by a param, panels pinned and moved, a y range set; the view saved by name and reopened", async () => {
  await page.getByLabel("Search panels").fill("");
  await page.getByLabel("Group runs by").selectOption("params.learning_rate");
  await page.waitForURL(/group=params.learning_rate/);
  const groups = page.getByRole("region", { name: "Groups on the charts" });
  await groups.getByRole("listitem").filter({ hasText: "learning_rate=0.3" }).getByText("(8 runs)").waitFor();
  await groups.getByRole("listitem").filter({ hasText: "no learning_rate" }).getByText("(4 runs)").waitFor();
  // A metric logged once is a bar per group: the mean, with its min–max.
  const testAuc = page.getByRole("list", { name: "test_auc by group" });
  await testAuc.getByRole("listitem").filter({ hasText: "learning_rate=0.03" }).getByText(/–.*· 7 runs/).waitFor();
  await page
    .getByRole("figure", { name: "train_loss" })
    .getByRole("img", { name: /Chart of train_loss for 5 groups/ })
    .locator("canvas")
    .waitFor();

  const panels = page.getByRole("region", { name: "Metric charts" }).getByRole("figure");
  // The order follows the URL, which updates in a transition: wait for the panel, not for the URL alone.
  const firstPanelIs = (name) => panels.first().locator("figcaption").getByText(name, { exact: true }).waitFor();
  await page.getByRole("figure", { name: "val_auc" }).getByRole("button", { name: "Pin panel" }).click();
  await page.waitForURL(/pin=val_auc/);
  await firstPanelIs("val_auc");
  await page.getByRole("figure", { name: "val_loss" }).getByRole("button", { name: "Pin panel" }).click();
  await page.getByRole("figure", { name: "val_loss" }).getByRole("button", { name: "Move panel up" }).click();
  await page.waitForURL(/pin=val_loss%2Cval_auc/);
  await firstPanelIs("val_loss");
  // Drag and drop by keyboard (dnd-kit): lift val_auc by its grip, move it before val_loss, drop.
  const [first, second] = [await panels.nth(0).boundingBox(), await panels.nth(1).boundingBox()];
  const towardsFirst = Math.abs(first.y - second.y) < 1 ? "ArrowLeft" : "ArrowUp";
  const grip = page.getByRole("button", { name: "Drag val_auc panel" });
  await grip.focus();
  // dnd-kit measures the panels after the lift and animates each move: give it a moment per key.
  for (const key of ["Space", towardsFirst, "Space"]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(300);
  }
  await page.waitForURL(/pin=val_auc%2Cval_loss/);
  await firstPanelIs("val_auc");
  // The buttons remain the fallback: put val_loss back on top.
  await page.getByRole("figure", { name: "val_auc" }).getByRole("button", { name: "Move panel down" }).click();
  await page.waitForURL(/pin=val_loss%2Cval_auc/);
  await firstPanelIs("val_loss");

  const auc = page.getByRole("figure", { name: "val_auc" });
  await auc.getByRole("button", { name: "Y range" }).click();
  await auc.getByLabel("Y min").fill("0.5");
  await auc.getByLabel("Y max").fill("1");
  await auc.getByLabel("Y max").press("Enter");
  await page.waitForURL(/yr=val_auc%7C0.5%7C1/);
  await auc.getByText(/y 0.5 to 1/).waitFor();
  await auc.getByRole("img", { name: /Chart of val_auc/ }).locator("canvas").waitFor();
  await snap("49a-charts-grouped");

  await page.getByRole("button", { name: "Saved views" }).click();
  await page.getByLabel("View name").fill("lr groups");
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("button", { name: "View: lr groups" }).waitFor();
  await page.keyboard.press("Escape");
  // Back to a bare link of the experiment: the saved view brings the whole state back.
  await page.goto(page.url().split("?")[0]);
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "trial-000" }).waitFor();
  await page.getByRole("button", { name: "Saved views" }).click();
  await page.getByRole("list", { name: "Views of this experiment" }).getByRole("button", { name: "lr groups", exact: true }).click();
  await page.waitForURL(/tab=charts.*group=params.learning_rate|group=params.learning_rate.*tab=charts/);
  await page.getByRole("region", { name: "Groups on the charts" }).waitFor();
  await page.getByRole("figure", { name: "val_loss" }).waitFor();
  await firstPanelIs("val_loss");
  await page.getByRole("figure", { name: "val_auc" }).getByText(/y 0.5 to 1/).waitFor();
  await page.getByRole("button", { name: "View: lr groups" }).waitFor();

  // A view shared with the project lives on the server: after a reload with this browser's saved
  // views emptied it is still listed, marked as shared.
  await page.getByRole("button", { name: "View: lr groups" }).click();
  await page.getByLabel("View name").fill("team lr groups");
  await page.getByLabel("Share with the project").check();
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("button", { name: "View: team lr groups" }).or(page.getByRole("button", { name: "View: lr groups" })).first().waitFor();
  await page.keyboard.press("Escape");
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith("cairn.savedViews.")) localStorage.removeItem(key);
  });
  await page.reload();
  await page.getByRole("button", { name: /View: / }).click();
  const views = page.getByRole("list", { name: "Views of this experiment" });
  await views.getByRole("button", { name: "team lr groups", exact: true }).waitFor();
  await views.getByText("Shared").waitFor();
  await page.keyboard.press("Escape");
});

test("the sweep tab: parallel coordinates, param importance and a scatter", async () => {
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  await page.getByRole("img", { name: /Parallel coordinates of .*max_depth.*test_auc/ }).waitFor();
  const importance = page.getByRole("table", { name: "Parameter importance for test_auc" });
  // The sweep makes test_auc grow with max_depth: the strongest, positive correlation.
  const first = importance.getByRole("row").nth(1);
  await first.getByRole("cell", { name: "max_depth" }).waitFor();
  assert.ok(Number(await first.getByRole("cell").nth(1).innerText()) > 0.8);
  await page.getByLabel("Y", { exact: true }).selectOption("metrics.val_auc");
  await page.getByRole("img", { name: "Scatter of val_auc against learning_rate" }).waitFor();
  assert.ok(
    (await page
      .getByRole("img", { name: /Scatter/ })
      .locator("circle")
      .count()) >= SWEEP_RUNS,
  );
  await snap("50-sweep");
});

test("at 390 px (a phone) the experiments list, the runs, the charts and a run fit without sideways scroll", async () => {
  const experiment = page.url().split("?")[0];
  const project = `${server.url}/o/track-works/projects/churn`;
  const pages = [
    ["experiments", `${project}/experiments`, () => page.getByRole("link", { name: "churn-baseline" })],
    ["runs", experiment, () => page.getByRole("table", { name: "Runs" }).getByRole("link", { name: "trial-000" })],
    ["charts", `${experiment}?tab=charts`, () => page.getByRole("figure", { name: "val_loss" })],
    ["run", `${project}/runs/${runIds[0]}`, () => page.getByRole("img", { name: /Chart of train_loss/ }).locator("canvas")],
  ];
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [name, url, ready] of pages) {
      await page.goto(url);
      await ready().waitFor();
      // Charts follow their box's width on the next resize observation.
      await page.waitForTimeout(300);
      await screenshot(page, `phone-${name}`);
      assert.equal(await sidewaysOverflow(page), 0, `the ${name} page is wider than a 390 px phone`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test("no page errors, CSP violations or accessibility problems", () => {
  assert.deepEqual(problems, []);
});
