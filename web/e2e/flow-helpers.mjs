// Pieces every browser flow needs: set-up calls to the real API, the page-problem watch, signing in.
import assert from "node:assert/strict";
import { accessibilityProblems } from "./a11y.mjs";
import { screenshot } from "./browser.mjs";

/** POSTs JSON to the server (set-up the UI flow under test does not cover) and returns the answer. */
export async function postJson(baseUrl, path, body, token) {
  const r = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

/** Records page errors, CSP violations and console errors (other than 4xx answers) into `problems`. */
export function watchPage(page, problems) {
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 40[0-9]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/** A screenshot of a main page, and its accessibility problems added to `problems`. */
export async function snapAndCheck(page, name, problems) {
  await screenshot(page, name);
  for (const p of await accessibilityProblems(page)) problems.push(`${name}: ${p}`);
}

/** Signs in through the login page and waits for the page `next` names. */
export async function signIn(page, baseUrl, user, next, landed) {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(landed);
}
