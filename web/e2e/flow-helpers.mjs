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

/** How much wider than the window the page is (0 when nothing sticks out sideways). */
export async function sidewaysOverflow(page) {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** The texts in `locator` that break over more than one line: sizes, dates and short labels must not. */
export async function wrappedTexts(locator) {
  return locator.evaluate((root) => {
    const wrapped = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      // A clamped description is meant to take its lines.
      if (getComputedStyle(node.parentElement).webkitLineClamp !== "none") continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lineTops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lineTops.size > 1) wrapped.push(node.textContent.trim());
    }
    return wrapped;
  });
}
