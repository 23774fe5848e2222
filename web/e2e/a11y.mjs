// Accessibility check of the current page with axe-core (WCAG 2 A and AA rules). The script is run
// through page.evaluate, which the page's CSP does not apply to, so the app's policy stays strict.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The serious and critical violations on the page, as "rule: target" lines (empty when none). */
export async function accessibilityProblems(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    // Toasts are left out: they fade in, and a half-transparent frame is no real contrast problem.
    // eslint-disable-next-line no-undef -- axe is the global the injected axe-core script defines
    axe.run({ exclude: [["[data-sonner-toaster]"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} — ${v.help}`));
}
