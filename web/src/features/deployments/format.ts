import type { Deployment, DeploymentSource } from "./api/deployment-queries";

/** `churn@champion → v4`, `churn v3`, `churn (production) → v2`. */
export function describeSource(source: DeploymentSource, servedVersion?: number): string {
  const served = servedVersion ? ` → v${servedVersion}` : "";
  if (source.alias) return `${source.model}@${source.alias}${served}`;
  if (source.stage) return `${source.model} (${source.stage})${served}`;
  return `${source.model} v${source.version ?? servedVersion ?? "?"}`;
}

/** `r3 100%`, or `r3 90% · r4 10%`, plus the shadow when there is one. */
export function describeTraffic(traffic: Deployment["traffic"]): string {
  const routes = traffic.routes.map((r) => `r${r.revision} ${r.weight}%`).join(" · ");
  return traffic.shadow ? `${routes} (shadow r${traffic.shadow.revision} ${traffic.shadow.percent}%)` : routes;
}

/** A latency for people: `0.42 ms`, `12 ms`, `1.3 s`; `—` without data. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond == null) return "—";
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString("en-US") : perSecond.toFixed(perSecond >= 10 ? 1 : 2);
}

/** An endpoint URL as clients call it: absolute, on this server when the answer gave a path. */
export function absoluteUrl(url: string): string {
  return new URL(url, globalThis.location?.origin ?? "http://localhost").href;
}
