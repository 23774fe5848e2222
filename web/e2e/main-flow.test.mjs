// The main path through the UI against the real server and a real browser:
// sign up → create an organization → invite a member → create a project → create an API key
// (each main page leaves a screenshot in e2e/artifacts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { accessibilityProblems } from "./a11y.mjs";
import { launchBrowser, screenshot } from "./browser.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;
let page;
const problems = [];
const DELIBERATE_ERROR = "deliberate error from the main flow";
const user = { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com`, password: "correct horse battery" };

/** A screenshot of a main page, and its accessibility check (reported by the last test). */
async function snap(name) {
  await screenshot(page, name);
  for (const p of await accessibilityProblems(page)) problems.push(`${name}: ${p}`);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // A CSP violation or an uncaught error is a failure even when the page looks right.
  page.on("pageerror", (e) => {
    // The error-reporting step throws one on purpose.
    if (!e.message.includes(DELIBERATE_ERROR)) problems.push(`page error: ${e.message}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a first visit to the sign-in, sign-up and forgot-password pages logs no error or warning", async () => {
  for (const path of ["/login", "/signup", "/forgot-password"]) {
    const fresh = await (await browser.newContext()).newPage();
    const logged = [];
    fresh.on("pageerror", (e) => logged.push(`page error: ${e.message}`));
    fresh.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") logged.push(`${m.type()}: ${m.text()}`);
    });
    await fresh.goto(`${server.url}${path}`);
    await fresh.getByRole("heading").first().waitFor();
    // Late messages (the session probe answers after the page shows) count too.
    await fresh.waitForLoadState("networkidle");
    assert.deepEqual(logged, [], path);
    await fresh.context().close();
  }
});

test("sign-in page validates before sending", async () => {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Enter your email address.").waitFor();
  await snap("01-login");
});

test("sign up lands on the organization creation", async () => {
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await snap("02-signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/new/);
});

test("create an organization", async () => {
  await page.getByLabel("Name").fill("Acme Research");
  assert.equal(await page.getByLabel("URL slug").inputValue(), "acme-research");
  await snap("03-create-org");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/o\/acme-research\/projects/);
});

test("a reload keeps the session through the refresh cookie", async () => {
  await page.reload();
  await page.waitForURL(/\/o\/acme-research\/projects/);
  await page.getByRole("button", { name: /Organization: Acme Research/ }).waitFor();
});

test("the unverified-email notice says why no link may come, and stays dismissed", async () => {
  const notice = page.getByRole("status").filter({ hasText: "is not verified yet" });
  await notice.getByText(/no email \(SMTP\)/).waitFor();
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await notice.waitFor({ state: "detached" });
  await page.reload();
  await page.getByRole("button", { name: /Organization: Acme Research/ }).waitFor();
  assert.equal(await page.getByText("is not verified yet").count(), 0);
});

test("the empty projects page says what to do next", async () => {
  await page.getByText("No projects yet").waitFor();
  await snap("04-projects-empty");
});

test("the first-run checklist lists the first steps, none done, and the tour is offered", async () => {
  const steps = page.getByRole("list", { name: "First steps" });
  await steps.getByRole("listitem").filter({ hasText: "Create a project" }).getByLabel("To do").waitFor();
  await page.getByText("0 of 6 done").waitFor();
  await page.getByRole("button", { name: "Take the tour" }).click();
  await page.locator(".driver-popover-title").filter({ hasText: "Organizations" }).waitFor();
  await page.locator(".driver-popover-next-btn").click();
  await page.locator(".driver-popover-title").filter({ hasText: "Where things are" }).waitFor();
  await page.keyboard.press("Escape");
  await page.locator(".driver-popover").waitFor({ state: "detached" });
  // Taken once, it is not offered again.
  await page.reload();
  await page.getByText("0 of 6 done").waitFor();
  assert.equal(await page.getByRole("button", { name: "Take the tour" }).count(), 0);
});

test("invite a member, with the email checked first", async () => {
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  await page.getByRole("cell", { name: /Ada Lovelace/ }).waitFor();
  await snap("05-members");
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill("grace@");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await dialog.getByText(/valid email address/).waitFor();
  await dialog.getByLabel("Email").fill("grace@example.com");
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  // This server has no SMTP server: the invitation cannot be emailed, so its link is shown to copy.
  const created = page.getByRole("dialog", { name: "Invitation created" });
  await created.getByText(/Email is not configured on this server/).waitFor();
  const link = await created.getByLabel("Invitation link").textContent();
  assert.match(link, /\/accept-invitation\?token=[A-Za-z0-9_-]+$/);
  await created.getByRole("button", { name: "Copy link" }).waitFor();
  await snap("05b-invitation-link");
  await created.getByRole("button", { name: "Done" }).click();
  await created.waitFor({ state: "detached" });
  await page.getByRole("link", { name: "Invitations" }).click();
  const row = page.getByRole("row", { name: /grace@example.com/ });
  await row.getByText("pending").waitFor();
  // Admins can copy a pending invitation's link again from the list.
  await row.getByRole("button", { name: "Copy link" }).waitFor();
  await page.getByText(/This server sends no email/).waitFor();
  await snap("06-invitations");
});

test("a second invitation to the same address shows the server's conflict", async () => {
  await page.getByRole("button", { name: "Invite member" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill("grace@example.com");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await dialog.getByRole("alert").filter({ hasText: /Request id/ }).waitFor();
  await dialog.getByRole("button", { name: "Cancel" }).click();
});

test("resend, then revoke a pending invitation", async () => {
  const row = page.getByRole("row", { name: /grace@example.com/ });
  await row.getByRole("button", { name: "Resend" }).click();
  await page.getByText("New link for grace@example.com: the old one no longer works").waitFor();
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await row.getByText("revoked").waitFor();
  assert.equal(await row.getByRole("button", { name: "Copy link" }).count(), 0);
});

test("create a project with the wizard", async () => {
  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByRole("link", { name: "New project" }).first().click();
  await page.getByLabel("Name").fill("Churn model");
  await page.getByLabel("Description (optional)").fill("Predicts churn from usage.");
  await snap("07-new-project");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByText("Who can see this project?").waitFor();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(/\/projects\/churn-model$/);
  await page.getByText("Log runs with the MLflow client").waitFor();
  await page.getByText("Experiments").first().waitFor();
  await snap("08-project-overview");
  await page.getByRole("link", { name: "Projects" }).first().click();
  await page.getByRole("link", { name: "Churn model" }).waitFor();
  await snap("09-projects");
});

test("the checklist ticks the project (and the invitation) off", async () => {
  const steps = page.getByRole("list", { name: "First steps" });
  await steps.getByRole("listitem").filter({ hasText: "Create a project" }).getByLabel("Done").waitFor();
  await steps.getByRole("listitem").filter({ hasText: "Invite a teammate" }).getByLabel("Done").waitFor();
  await page.getByText("2 of 6 done").waitFor();
  await snap("09b-checklist");
});

test("create an API key and see its secret once", async () => {
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByText("No API keys yet").waitFor();
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("ci-pipeline");
  await dialog.getByLabel("Project", { exact: true }).selectOption({ label: "Churn model" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = await dialog.getByTestId("api-key-secret").textContent();
  assert.match(secret ?? "", /^cairn_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
  await snap("10-api-key-secret");
  await dialog.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row", { name: /ci-pipeline/ });
  await row.getByText("active").waitFor();
  // The key works against the real API.
  const r = await fetch(`${server.url}/api/v1/orgs/acme-research/projects`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 200);
  await snap("11-api-keys");
});

test("an API key's usage, rotation and revocation", async () => {
  const row = page.getByRole("row", { name: /ci-pipeline/ });
  await row.getByRole("button", { name: "Usage" }).click();
  await page.getByRole("dialog").getByText(/requests in the last 30 days/).waitFor();
  await snap("11b-api-key-usage");
  await page.keyboard.press("Escape");

  await row.getByRole("button", { name: "Rotate" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("The old secret").selectOption({ label: "Stop the old secret now" });
  await dialog.getByRole("button", { name: "Rotate key" }).click();
  const rotated = await dialog.getByTestId("api-key-secret").textContent();
  await dialog.getByRole("button", { name: "Done" }).click();
  const ok = await fetch(`${server.url}/api/v1/orgs/acme-research/projects`, { headers: { Authorization: `Bearer ${rotated}` } });
  assert.equal(ok.status, 200);

  await row.getByRole("button", { name: "Revoke" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await row.getByText("revoked").waitFor();
  const refused = await fetch(`${server.url}/api/v1/orgs/acme-research/projects`, { headers: { Authorization: `Bearer ${rotated}` } });
  assert.equal(refused.status, 401);
});

test("the audit log shows what just happened", async () => {
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByText("api_key.create").first().waitFor();
  // Actors and targets by name, not by hex id.
  const created = page.getByRole("row").filter({ hasText: "api_key.create" }).first();
  await created.getByText("Ada Lovelace").waitFor();
  await page.getByRole("row").filter({ hasText: "project.create" }).first().getByText("Churn model").waitFor();
  await snap("12-audit-log");
});

test("the quick start fills its snippets with this server, the project and a key made on the spot", async () => {
  await page.getByRole("button", { name: "Help" }).click();
  await page.getByRole("menuitem", { name: "Quick start" }).click();
  await page.getByRole("heading", { name: "Quick start" }).waitFor();
  const mlflow = page.getByLabel("mlflow snippet");
  await mlflow.getByText(`MLFLOW_TRACKING_URI=${server.url}/p/acme-research/churn-model`).waitFor();
  await page.getByRole("button", { name: "Create a key for these snippets" }).click();
  await mlflow.getByText(/MLFLOW_TRACKING_TOKEN=cairn_/).waitFor();
  await snap("12b-quick-start");
});

test("the guide for the page is one click away", async () => {
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "Help" }).click();
  await page.getByRole("menuitem", { name: "Guide: API keys and roles" }).click();
  await page.getByRole("article", { name: "API keys and roles" }).getByRole("heading", { name: "API keys and roles", exact: true }).waitFor();
  await snap("12c-guide");
});

test("feedback reaches the admins, and so do errors the app meets", async () => {
  await page.getByRole("button", { name: "Help" }).click();
  await page.getByRole("menuitem", { name: "Send feedback" }).click();
  const dialog = page.getByRole("dialog", { name: "Send feedback" });
  await dialog.getByLabel("Message").fill("The quick start saved me an hour.");
  await dialog.getByRole("button", { name: "Send" }).click();
  await page.getByText("Thanks: your admins will read it.").waitFor();
  await page.evaluate((message) => setTimeout(() => { throw new Error(message); }), DELIBERATE_ERROR);
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Feedback & errors" }).click();
  const feedback = page.getByRole("list", { name: "Feedback" });
  await feedback.getByText("The quick start saved me an hour.").waitFor();
  await feedback.getByText(/on \/o\/acme-research\/guide\/api-keys-and-roles/).waitFor();
  const errors = page.getByRole("list", { name: "Errors in the app" });
  for (let i = 0; i < 20 && (await errors.getByText(DELIBERATE_ERROR).count()) === 0; i++) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  await errors.getByText(`Error: ${DELIBERATE_ERROR}`, { exact: true }).waitFor();
  await snap("12d-feedback-and-errors");
});

test("an ended session asks to sign in again without losing what was typed", async () => {
  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByRole("link", { name: "Churn model" }).click();
  // The project's own tab, not the sidebar's organization settings (the tabs load a moment later).
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
  const description = page.getByLabel("Description");
  await description.fill("Typed before the session ended.");
  // End the session for real: sign out on the server (revokes it and clears the refresh cookie)...
  await page.context().request.post(`${server.url}/api/v1/auth/logout`);
  // ...and make the next API call carry a dead access token, as after 15 minutes away.
  await page.route("**/api/v1/orgs/**", (route) => route.continue({ headers: { ...route.request().headers(), authorization: "Bearer expired" } }), { times: 1 });
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "Your session has ended" });
  await dialog.waitFor();
  await snap("14-session-ended");
  assert.equal(await dialog.getByLabel("Email").inputValue(), user.email);
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Sign in again" }).click();
  await dialog.waitFor({ state: "detached" });
  // The save that hit the dead session went through after signing in again.
  await page.getByText("Project saved").waitFor();
  assert.equal(await description.inputValue(), "Typed before the session ended.");
});

test("tablet width keeps the pages usable", async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.getByRole("link", { name: "Projects" }).first().click();
  await page.getByRole("link", { name: "Churn model" }).waitFor();
  await snap("15-projects-tablet");
  // Below laptop width the sidebar is a drawer behind the menu button.
  await page.getByRole("button", { name: "Open navigation" }).click();
  await page.getByRole("dialog", { name: "Navigation" }).getByRole("link", { name: "API keys" }).click();
  await page.getByRole("heading", { name: "API keys", exact: true }).waitFor();
  await page.getByRole("dialog", { name: "Navigation" }).waitFor({ state: "detached" });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("dark theme", async () => {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("dark")), true);
  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByRole("link", { name: "Churn model" }).waitFor();
  await snap("13-projects-dark");
});

test("create a second organization from the switcher, rename it, then delete it with typed confirmation", async () => {
  await page.getByRole("button", { name: /Organization: Acme Research/ }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await page.getByLabel("Name").fill("Scratch Space");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/o\/scratch-space\/projects/);
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Delete organization" }).waitFor();
  await page.getByLabel("Name").fill("Scratch Pad");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("button", { name: /Organization: Scratch Pad/ }).waitFor();
  await snap("16-org-settings");
  await page.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Delete organization" });
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel("Type Scratch Pad to confirm").fill("Scratch Pad");
  await confirm.click();
  await page.waitForURL(/\/o\/acme-research\//);
});

test("the account page: name, password and sessions", async () => {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Your account" }).click();
  await page.getByRole("table", { name: "Sessions" }).getByText("this browser").waitFor();
  await page.getByLabel("Name").fill("Ada King");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("button", { name: "Account menu" }).getByText("Ada King").waitFor();
  await page.getByLabel("Current password").fill("wrong password");
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel("Repeat the new password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText(/Password changed/).waitFor();
  await snap("17-account");
  // This session survives its own password change.
  await page.reload();
  await page.getByRole("table", { name: "Sessions" }).getByText("this browser").waitFor();
});

test("no page errors, CSP violations or accessibility problems", () => {
  assert.deepEqual(problems, []);
});
