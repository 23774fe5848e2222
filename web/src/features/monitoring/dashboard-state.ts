import { rangeFromParams, type Span, type TimeRange } from "./time-range";

export const DASHBOARD_TABS = [
  ["service", "Service"],
  ["drift", "Drift"],
  ["quality", "Data quality"],
  ["performance", "Performance"],
  ["settings", "Reference & settings"],
] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number][0];

/** What the dashboard's URL holds: the tab, the range, the drift tab's selected feature and comparison window. */
export interface DashboardState {
  tab: DashboardTab;
  range: TimeRange;
  feature: string | null;
  baseline: Span | null;
}

function ms(value: string | null): number | null {
  return value !== null && /^\d{1,16}$/.test(value) ? Number(value) : null;
}

export function dashboardState(params: URLSearchParams): DashboardState {
  const tab = params.get("tab");
  const baselineFrom = ms(params.get("baseline_from"));
  const baselineTo = ms(params.get("baseline_to"));
  return {
    tab: DASHBOARD_TABS.some(([t]) => t === tab) ? (tab as DashboardTab) : "service",
    range: rangeFromParams(params),
    feature: params.get("feature") || null,
    baseline: baselineFrom !== null && baselineTo !== null && baselineFrom < baselineTo ? { from: baselineFrom, to: baselineTo } : null,
  };
}

/** The URL parameters of a comparison window (null: compare with the reference). */
export function baselineParams(b: Span | null): Record<string, string | null> {
  return { baseline_from: b ? String(b.from) : null, baseline_to: b ? String(b.to) : null };
}
