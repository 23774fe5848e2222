/** A share as a percentage: `12.5%`, `0.04%`, `—` without data. */
export function formatShare(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return "—";
  const pct = share * 100;
  if (pct === 0) return "0%";
  if (Math.abs(pct) < 0.1) return `${pct.toFixed(2)}%`;
  return `${Number(pct.toFixed(1))}%`;
}

/** A latency for people: `0.42 ms`, `12 ms`, `1.3 s`; `—` without data. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A metric or statistic with four significant digits (`0.9231`, `1234`), `—` for null (none computed). */
export function formatMetric(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "—";
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? "—" : n.toLocaleString("en-US");
}

const METHOD_NAMES: Record<string, string> = {
  ks: "Kolmogorov–Smirnov",
  chisquare: "Chi-squared",
  z: "Z-test",
  wasserstein: "Wasserstein (normed)",
  jensenshannon: "Jensen–Shannon",
  psi: "PSI",
  kl_div: "Kullback–Leibler",
  hellinger: "Hellinger",
  tvd: "Total variation",
};

/** The drift test's name for people; unknown ones as they came. */
export function methodName(method: string): string {
  return METHOD_NAMES[method] ?? method;
}

/** Tests whose statistic is a p-value: drift below the threshold. The others are distances: drift at or above it. */
export function isPValueMethod(method: string): boolean {
  return method === "ks" || method === "chisquare" || method === "z";
}
