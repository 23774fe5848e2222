// Following emailed links as people do: accepting an invitation by signing up, then forgetting
// and resetting the password. The real server sends real mail to a loopback SMTP sink.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, screenshot } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";

let smtp;
let server;
let browser;
const stamp = Date.now();
const admin = { name: "Ada Admin", email: `ada-${stamp}@example.com`, password: "correct horse battery" };
const invitee = { name: "Grace Hopper", email: `grace-${stamp}@example.com`, password: "first password 1", newPassword: "second password 2" };

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

before(async () => {
  smtp = await startSmtpSink();
  server = await startServer({ smtpUrl: smtp.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

test("an invited person signs up from the emailed link and lands in the organization", async () => {
  const page = await newPage();
  await page.goto(`${server.url}/signup`);
  await page.getByLabel("Name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/new/);
  await page.getByLabel("Name").fill("Harbor Labs");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/o\/harbor-labs\//);
  // A new account is unverified until its owner opens the emailed link.
  await page.getByRole("button", { name: "Send a verification link" }).click();
  await page.getByText(`We sent a verification link to ${admin.email}.`).waitFor();
  const verifyLink = await smtp.waitFor(admin.email, /(http\S+\/verify-email\?token=[A-Za-z0-9_-]+)/);
  const verifyPage = await newPage();
  await verifyPage.goto(verifyLink);
  await verifyPage.getByText(`Thanks, ${admin.email} is verified.`).waitFor();
  await page.goto(`${server.url}/o/harbor-labs/settings/members`);
  await page.getByRole("button", { name: "Invite member" }).click();
  await page.getByRole("dialog").getByLabel("Email").fill(invitee.email);
  await page.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });

  const link = await smtp.waitFor(invitee.email, /(http\S+\/accept-invitation\?token=[A-Za-z0-9_-]+)/);
  const guest = await newPage();
  await guest.goto(link);
  await guest.getByText("You are invited to an organization on Cairn").waitFor();
  await screenshot(guest, "20-invitation");
  await guest.getByRole("link", { name: "Create an account" }).click();
  await guest.getByLabel("Name").fill(invitee.name);
  await guest.getByLabel("Email").fill(invitee.email);
  await guest.getByLabel("Password").fill(invitee.password);
  await guest.getByRole("button", { name: "Create account" }).click();
  await guest.waitForURL(/\/o\/harbor-labs\/projects/);
  await guest.getByRole("button", { name: /Organization: Harbor Labs/ }).waitFor();
  // A developer (the default invited role) sees no audit log in the sidebar.
  assert.equal(await guest.getByRole("link", { name: "Audit log" }).count(), 0);

  // The admin makes the newcomer a viewer; the newcomer's pages follow after a reload.
  await page.goto(`${server.url}/o/harbor-labs/settings/members`);
  await page.getByLabel(`Role of ${invitee.name}`).selectOption("viewer");
  await page.getByText(`${invitee.name} is now viewer`).waitFor();
  await guest.reload();
  await guest.getByText(/ask a developer or an admin/).waitFor();

  // A second tab of the same browser signs out with the first.
  const otherTab = await guest.context().newPage();
  await otherTab.goto(`${server.url}/o/harbor-labs/api-keys`);
  await otherTab.getByRole("heading", { name: "API keys", exact: true }).waitFor();
  await guest.getByRole("button", { name: "Account menu" }).click();
  await guest.getByRole("menuitem", { name: "Sign out" }).click();
  await guest.waitForURL(/\/login/);
  await otherTab.waitForURL(/\/login/);
  // Signed out means signed out: the refresh cookie no longer restores the session.
  await guest.goto(`${server.url}/o/harbor-labs/projects`);
  await guest.waitForURL(/\/login\?next=/);
});

test("a forgotten password is reset from the emailed link", async () => {
  const page = await newPage();
  await page.goto(`${server.url}/login`);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // Pages load on demand: wait for this one, or "Email" would still be the sign-in page's field.
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByText("Check your email").waitFor();

  const link = await smtp.waitFor(invitee.email, /(http\S+\/reset-password\?token=[A-Za-z0-9_-]+)/);
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(invitee.newPassword);
  await page.getByLabel("Repeat the new password").fill("something else");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("The passwords do not match.").waitFor();
  await page.getByLabel("Repeat the new password").fill(invitee.newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Password changed").waitFor();

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByLabel("Password").fill(invitee.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await screenshot(page, "21-login-refused");
  await page.getByLabel("Password").fill(invitee.newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/o\/harbor-labs\/projects/);
});
