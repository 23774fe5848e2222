import { describe, expect, it } from "vitest";
import { performanceReport, qualityReport, serviceReport } from "../../../test/monitor-fixtures";
import type { PerformanceReport, QualityReport, ServiceReport } from "./api/report-types";
import { lonePoints } from "@/lib/time-columns";
import { missingShareColumns, performanceColumns, requestsByRevision, revisionColumns, serviceColumns, worstMissingShare } from "./chart-columns";

describe("chart columns", () => {
  it("puts service buckets on seconds with null where a bucket had no requests", () => {
    const c = serviceColumns(serviceReport() as unknown as ServiceReport);
    expect(c.requests).toEqual([
      [1_700_000_000, 1_700_000_060],
      [100, 0],
    ]);
    expect(c.latency).toEqual([
      [1_700_000_000, 1_700_000_060],
      [4, null],
      [42, null],
      [42, null],
    ]);
    expect(c.errorRate[1]).toEqual([2, null]);
  });

  it("splits a report grouped by revision into one series per revision, null where one took no traffic", () => {
    const bucket = (start: number, revision: number, requests: number, p99: number) =>
      ({ ...serviceReport().buckets[0], start, revision, requests, latency_ms: { p50: p99, p90: p99, p95: p99, p99, max: p99 } });
    const r = {
      ...serviceReport(),
      buckets: [bucket(1_700_000_000_000, 2, 90, 40), bucket(1_700_000_000_000, 3, 10, 400), bucket(1_700_000_060_000, 2, 80, 45)],
    } as unknown as ServiceReport;
    const requests = revisionColumns(r, (b) => b.requests);
    expect(requests.revisions).toEqual([2, 3]);
    expect(requests.columns).toEqual([
      [1_700_000_000, 1_700_000_060],
      [90, 80],
      [10, null],
    ]);
    expect(revisionColumns(r, (b) => b.latency_ms?.p99 ?? null).columns[2]).toEqual([400, null]);
    expect(requestsByRevision(r)).toEqual({ "revision 2": 170, "revision 3": 10 });
  });

  it("charts the features with the worst missing share, by name", () => {
    const r = qualityReport() as unknown as QualityReport;
    expect(missingShareColumns(r)).toEqual({ names: ["plan", "tenure"], columns: [[1_700_000_000], [10], [2]] });
    expect(missingShareColumns(r, 1).names).toEqual(["plan"]);
    expect(worstMissingShare(r)).toEqual({ feature: "plan", share: 0.1 });
    expect(worstMissingShare({ ...r, features: [] })).toBeNull();
  });

  it("charts a classification's metrics (null when not computed) and the label coverage in percent", () => {
    const c = performanceColumns(performanceReport() as unknown as PerformanceReport);
    expect(c.metrics).toEqual([[1_700_000_000], [0.9], [0.8], [0.75], [0.774], [null]]);
    expect(c.coverage[1]![0]).toBeCloseTo(33.33, 2);
  });
});

describe("lone points", () => {
  it("marks the series with a value that has no neighbour, which a line alone would not draw", () => {
    expect(
      lonePoints([
        [1, 2, 3],
        [5, null, null],
        [1, 2, null],
        [null, null, null],
      ]),
    ).toEqual([true, false, false]);
  });
});
