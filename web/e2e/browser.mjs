// Debian's Chromium driven by playwright-core: no browser is downloaded by the tooling.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const artifactsDir = join(import.meta.dirname, "artifacts");

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
}

/** Saves a full-page screenshot of a main page as a test artifact (web/e2e/artifacts, git-ignored). */
export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}
