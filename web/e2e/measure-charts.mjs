// Time to first chart and bytes transferred for an experiment's Charts tab, against a running server.
// Log the data with the stock client first, e.g. 500 runs x 10 metrics x 1,000 steps:
//   MLFLOW_TRACKING_URI=$URL/p/<org>/<project> MLFLOW_TRACKING_TOKEN=<key> python e2e/log-sweep.py big500 500 10 1000 3
// then: URL=... EMAIL=... PASSWORD=... EXPERIMENTS=/o/<org>/projects/<project>/experiments node e2e/measure-charts.mjs big500
import { launchBrowser } from "./browser.mjs";
import { signIn } from "./flow-helpers.mjs";
const url = process.env.URL ?? "http://127.0.0.1:18472";
const expName = process.argv[2] ?? "big500";
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
await signIn(page, url, { email: process.env.EMAIL, password: process.env.PASSWORD }, process.env.EXPERIMENTS, /experiments$/);
const href = await page.getByRole("link", { name: expName }).getAttribute("href");
const drawn = () =>
  page.waitForFunction(() => {
    const c = document.querySelector("figure canvas");
    if (!c) return false;
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return performance.now();
    return false;
  }, null, { polling: "raf", timeout: 60_000 });
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
let bytes = 0;
let apiBytes = 0;
const reqUrl = new Map();
cdp.on("Network.requestWillBeSent", (e) => reqUrl.set(e.requestId, e.request.url));
cdp.on("Network.loadingFinished", (e) => {
  bytes += e.encodedDataLength;
  if (reqUrl.get(e.requestId)?.includes("/api/")) apiBytes += e.encodedDataLength;
});
for (const mode of ["page load", "tab click"]) {
  bytes = 0;
  apiBytes = 0;
  let t0;
  if (mode === "page load") {
    await page.goto(`${url}${href}?tab=charts`, { waitUntil: "commit" });
    t0 = 0; // performance.now() counts from the navigation
  } else {
    await page.goto(`${url}${href}`);
    await page.getByRole("table", { name: "Runs" }).waitFor();
    t0 = await page.evaluate(() => performance.now());
    await page.getByRole("button", { name: "Charts", exact: true }).click();
  }
  const first = await (await drawn()).jsonValue();
  const timeline = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => e.name.includes("/api/"))
      .map((e) => `${e.name.split("/").slice(-2).join("/")} ${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`),
  );
  if (process.env.TIMELINE) console.log(timeline.slice(-8).join("\n"));
  const firstBytes = bytes;
  // Every panel on screen (and the 300 px below it) loaded and drawn.
  await page.waitForLoadState("networkidle");
  const panels = await page.locator("figure canvas").count();
  console.log(`${mode}: first chart ${Math.round(first - t0)} ms; bytes to first chart ${(firstBytes / 1024).toFixed(0)} KiB; after network idle ${(bytes / 1024).toFixed(0)} KiB (API ${(apiBytes / 1024).toFixed(0)} KiB) for ${panels} drawn panels`);
}
await browser.close();
