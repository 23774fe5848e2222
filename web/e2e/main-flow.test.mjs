// The main path through the UI against the real server and a real browser:
// sign up → create an organization → ... (each step leaves a screenshot in e2e/artifacts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, screenshot } from "./browser.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;
let page;
const problems = [];
const user = { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com`, password: "correct horse battery" };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // A CSP violation or an uncaught error is a failure even when the page looks right.
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 40[0-9]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("sign-in page validates before sending", async () => {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Enter your email address.").waitFor();
  await screenshot(page, "01-login");
});

test("sign up lands on the organization creation", async () => {
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await screenshot(page, "02-signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/new/);
});

test("create an organization", async () => {
  await page.getByLabel("Name").fill("Acme Research");
  assert.equal(await page.getByLabel("URL slug").inputValue(), "acme-research");
  await screenshot(page, "03-create-org");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/o\/acme-research\/projects/);
});

test("a reload keeps the session through the refresh cookie", async () => {
  await page.reload();
  await page.waitForURL(/\/o\/acme-research\/projects/);
  await page.getByRole("button", { name: /Organization: Acme Research/ }).waitFor();
});

test("no page errors or CSP violations", () => {
  assert.deepEqual(problems, []);
});
