import type { Traffic } from "./api/deployment-queries";

/** The traffic form: a main revision, an optional canary with its share, and an optional shadow. */
export interface TrafficValues {
  main: number;
  canary: number | null;
  canaryWeight: number;
  shadow: number | null;
  shadowPercent: number;
}

export function trafficValues(t: Traffic): TrafficValues {
  const [a, b] = [...t.routes].sort((x, y) => y.weight - x.weight);
  return {
    main: a?.revision ?? 1,
    canary: b?.revision ?? null,
    canaryWeight: b?.weight ?? 10,
    shadow: t.shadow?.revision ?? null,
    shadowPercent: t.shadow?.percent ?? 10,
  };
}

/** The body of PUT traffic: one route, or two whose weights sum to 100. */
export function trafficBody(v: TrafficValues): Traffic {
  const routes =
    v.canary === null || v.canary === v.main || v.canaryWeight === 0
      ? [{ revision: v.main, weight: 100 }]
      : [
          { revision: v.main, weight: 100 - v.canaryWeight },
          { revision: v.canary, weight: v.canaryWeight },
        ];
  return { routes, shadow: v.shadow === null ? null : { revision: v.shadow, percent: v.shadowPercent } };
}

/** The split in words, for the confirmation. */
export function describeSplit(t: Traffic): string {
  const routes = t.routes.map((r) => `${r.weight}% to r${r.revision}`).join(" and ");
  return t.shadow ? `${routes}; a copy of ${t.shadow.percent}% goes to r${t.shadow.revision} (answers logged, never returned)` : routes;
}
