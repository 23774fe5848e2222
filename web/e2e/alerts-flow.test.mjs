// Alerting in the browser against the real server: a monitor fed by API gets records, a webhook
// channel points at a receiver on loopback (its "Send test" is delivered), a rule made from a
// template in the editor (with its live preview) fires, the alert shows in the inbox, its page has
// the series and the timeline with the webhook's delivery, and acknowledging it lands on the
// timeline. Every main page is checked with axe, at 1400 and 390 px wide.
//
// Needs the server's alerting API (issue 12). Until `GET .../alert-rules` answers 200, every test
// here skips itself and says why.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { launchBrowser } from "./browser.mjs";
import { postJson, sidewaysOverflow, signIn, snapAndCheck, watchPage } from "./flow-helpers.mjs";
import { startServer } from "./server.mjs";

const ORG = "pager-works";
const PROJECT = "fraud";
const MONITOR = "fraud-external";
const RULE = "fraud-traffic";
const PROJECT_BASE = `/o/${ORG}/projects/${PROJECT}`;
const P = `/api/v1/orgs/${ORG}/projects/${PROJECT}`;

let server;
let receiver;
let browser;
let page;
let token;
let skipReason = null;
const received = [];
const problems = [];
const user = { name: "Alex Alerts", email: `alex-${Date.now()}@example.com`, password: "correct horse battery" };

const api = (path, body) => postJson(server.url, path, body, token);
const snap = (name) => snapAndCheck(page, name, problems);

function skipped(t) {
  if (skipReason) t.skip(skipReason);
  return skipReason !== null;
}

/** An HTTP receiver on loopback standing in for a webhook endpoint: keeps each body. */
function startReceiver() {
  return new Promise((ok) => {
    const srv = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push(JSON.parse(body || "{}"));
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      });
    });
    srv.listen(0, "127.0.0.1", () => ok(srv));
  });
}

/** Checks the page fits a phone's width (naming what sticks out when not), then returns to the desktop width. */
async function fitsPhone(name) {
  await page.setViewportSize({ width: 390, height: 844 });
  // Charts follow their box's width on the next resize observation.
  await page.waitForTimeout(300);
  try {
    const overflow = await sidewaysOverflow(page);
    const culprits = overflow
      ? await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest(".overflow-x-auto, .overflow-auto"))
            .slice(0, 6)
            .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(" ").slice(0, 4).join(".")}`),
        )
      : [];
    assert.equal(overflow, 0, `${name} overflows sideways at 390 px: ${culprits.join(", ")}`);
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
}

before(async () => {
  receiver = await startReceiver();
  server = await startServer({ extraArgs: ["--outbound-allow", "127.0.0.1", "--monitoring-interval-seconds", "1"] });
  ({ access_token: token } = await api("/api/v1/auth/signup", user));
  await api("/api/v1/orgs", { name: "Pager Works", slug: ORG });
  await api(`/api/v1/orgs/${ORG}/projects`, { name: "Fraud", slug: PROJECT, visibility: "org" });
  const probe = await fetch(`${server.url}${P}/alert-rules`, { headers: { Authorization: `Bearer ${token}` } });
  if (probe.status !== 200) {
    skipReason = `the server has no alerting API yet (GET .../alert-rules answered ${probe.status}); run this flow once issue 12's routes are merged`;
    console.log(`# alerts-flow skipped: ${skipReason}`);
    return;
  }
  await api(`${P}/monitors`, { name: MONITOR });
  const now = Date.now();
  await api(`${P}/monitors/${MONITOR}/records`, {
    records: Array.from({ length: 20 }, (_, i) => ({ id: `r-${i}`, timestamp: now - i * 1000, features: { amount: 10 + i }, prediction: 0 })),
  });
  const { port } = receiver.address();
  await api(`${P}/alert-channels`, { name: "ops-webhook", kind: "webhook", config: { url: `http://127.0.0.1:${port}/hook` } });
  const put = await fetch(`${server.url}${P}/notification-policy`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ routes: [{ name: "all", channels: ["ops-webhook"], group_by: ["alertname"], group_wait_seconds: 0, group_interval_seconds: 1, repeat_interval_seconds: 3600 }] }),
  });
  assert.equal(put.status, 200, await put.text());

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  watchPage(page, problems);
  await signIn(page, server.url, user, `${PROJECT_BASE}/alerts/channels`, /\/alerts\/channels$/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

test("a channel's test is delivered to the receiver and shows its result", async (t) => {
  if (skipped(t)) return;
  const row = page.getByRole("table", { name: "Channels" }).getByRole("row", { name: /ops-webhook/ });
  await row.getByRole("button", { name: "Send test" }).click();
  await row.getByText(/Delivered \(HTTP 200/).waitFor({ timeout: 15_000 });
  assert.ok(received.length >= 1, "the receiver got the test");
  await snap("90-alert-channels");
  await fitsPhone("channels");
});

test("a rule from a template, previewed and saved, fires; the inbox shows the alert", async (t) => {
  if (skipped(t)) return;
  await page.getByRole("navigation", { name: "Alerting" }).getByRole("link", { name: "Rules" }).click();
  await page.getByText("No alert rules yet").waitFor();
  await page.getByRole("link", { name: "New rule" }).click();
  await page.getByRole("list", { name: "Rule templates" }).getByRole("button", { name: /p99 latency above 250 ms/ }).click();
  assert.equal(await page.getByLabel("Monitor").inputValue(), MONITOR);
  await page.getByLabel("Name", { exact: true }).fill(RULE);
  await page.getByLabel("Series", { exact: true }).fill("requests");
  await page.getByLabel("Value", { exact: true }).fill("5");
  await page.getByLabel("Window", { exact: true }).fill("2m");
  await page.getByLabel("Evaluate every", { exact: true }).fill("1s");
  await page.getByLabel("Pending for", { exact: true }).fill("0s");
  await page.getByLabel(/^Annotations \d+ value \(summary\)$/).fill("{{ $labels.monitor }} got {{ $value }} requests");
  await page.getByRole("img", { name: /^requests over the last 6 hours.*threshold 5/ }).waitFor({ timeout: 15_000 });
  await snap("91-alert-rule-editor");
  await fitsPhone("rule editor");
  await page.getByRole("button", { name: "Create rule" }).click();
  await page.waitForURL(/\/alerts\/rules$/);
  await page.getByRole("table", { name: "Alert rules" }).getByRole("link", { name: RULE }).waitFor();

  await page.getByRole("navigation", { name: "Alerting" }).getByRole("link", { name: "Inbox" }).click();
  const inbox = page.getByRole("table", { name: "Alerts" });
  await inbox.getByRole("link", { name: RULE }).waitFor({ timeout: 20_000 });
  await page.getByRole("tab", { name: /firing 1/ }).waitFor();
  await snap("92-alert-inbox");
  await fitsPhone("inbox");
});

test("the alert's page shows the series and timeline; acknowledging it lands on the timeline", async (t) => {
  if (skipped(t)) return;
  await page.getByRole("table", { name: "Alerts" }).getByRole("link", { name: RULE }).click();
  await page.waitForURL(/\/alerts\/[0-9a-f]{32}$/);
  await page.getByRole("heading", { name: new RegExp(`^${MONITOR} got \\d+ requests$`) }).waitFor();
  await page.getByRole("img", { name: /^requests over the last 6 hours/ }).waitFor({ timeout: 15_000 });
  const timeline = page.getByRole("list", { name: "Timeline" });
  await timeline.getByText("Started firing").waitFor();
  await page.getByRole("list", { name: "Notifications" }).getByText("ops-webhook").waitFor({ timeout: 15_000 });
  // The notification is listed once it is recorded; the delivery may still be on its way to the receiver.
  for (const deadline = Date.now() + 15_000; !received.some((b) => JSON.stringify(b).includes(RULE)) && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 100));
  assert.ok(received.some((b) => JSON.stringify(b).includes(RULE)), "the webhook got the alert");

  await page.getByRole("button", { name: "Acknowledge" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Note").fill("looking into the traffic");
  await dialog.getByRole("button", { name: "Acknowledge" }).click();
  await timeline.getByText("Acknowledged").waitFor();
  await timeline.getByText("“looking into the traffic”", { exact: false }).waitFor();
  await page.getByText("acknowledged", { exact: true }).first().waitFor();
  await snap("93-alert-page");
  await fitsPhone("alert page");

  await page.getByRole("link", { name: "Alerts", exact: true }).first().click();
  await page.getByRole("tab", { name: /acknowledged 1/ }).click();
  await page.getByRole("table", { name: "Alerts" }).getByRole("link", { name: RULE }).waitFor();
});

test("silences, deliveries, policy and analytics pages render", async (t) => {
  if (skipped(t)) return;
  const nav = page.getByRole("navigation", { name: "Alerting" });
  for (const [tab, ready, name] of [
    ["Notification policy", page.getByRole("region", { name: /Route 1: all/ }), "94-alert-policy"],
    ["Silences", page.getByRole("button", { name: "Create silence" }), "95-alert-silences"],
    ["Deliveries", page.getByRole("table", { name: "Notifications" }), "96-alert-deliveries"],
    ["Analytics", page.getByRole("list", { name: "Alerts fired per day" }), "97-alert-analytics"],
  ]) {
    await nav.getByRole("link", { name: tab }).click();
    await ready.waitFor();
    await snap(name);
  }
});

test("no page errors, CSP violations or accessibility problems", (t) => {
  if (skipped(t)) return;
  assert.deepEqual(problems, []);
});
