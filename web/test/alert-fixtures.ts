import type { Alert, AlertDetail, AlertRule, RulePreview } from "@/features/alerts/api/alert-types";

export const alert = (over: Partial<Alert> = {}): Alert => ({
  id: "a".repeat(32),
  rule: { id: "r".repeat(32), name: "p99-latency" },
  state: "firing",
  severity: "critical",
  labels: { alertname: "p99-latency", severity: "critical", monitor: "churn", deployment: "churn", project: "churn-model" },
  annotations: { summary: "churn: p99 latency is 312 ms", description: "Slow.", runbook_url: "https://runbooks.example.com/latency" },
  value: 312.4,
  active_since: Date.now() - 600_000,
  fired_at: Date.now() - 300_000,
  resolved_at: null,
  acknowledged: null,
  silenced_by: null,
  ...over,
});

export const alertDetail = (over: Partial<AlertDetail> = {}): AlertDetail => ({
  ...alert(),
  timeline: [
    { at: Date.now() - 600_000, kind: "pending", actor: "rule", detail: { value: 280 } } as never,
    { at: Date.now() - 300_000, kind: "firing", actor: "rule", detail: { value: 312.4 } } as never,
  ],
  notifications: [
    { id: "n1", channel: "ops-webhook", kind: "webhook", reason: "group", status: "delivered", attempts: 1, last_error: null, created_at: Date.now() - 290_000, delivered_at: Date.now() - 289_000 },
  ] as unknown as AlertDetail["notifications"],
  ...over,
});

export const rule = (over: Partial<AlertRule> = {}): AlertRule =>
  ({
    id: "r".repeat(32),
    name: "p99-latency",
    enabled: true,
    severity: "critical",
    monitor: "churn",
    series: "latency_p99_ms",
    window_seconds: 300,
    condition: { type: "threshold", op: ">", value: 250 },
    interval_seconds: 60,
    for_seconds: 300,
    keep_firing_seconds: 0,
    labels: {},
    annotations: { summary: "{{ $labels.deployment }}: p99 latency is {{ $value }} ms" },
    actions: {},
    status: { health: "ok", last_value: 312.4, last_evaluated_at: Date.now() - 30_000 },
    alert: { id: "a".repeat(32), state: "firing", active_since: Date.now() - 600_000 },
    created_by: "u1",
    created_at: 0,
    updated_at: 0,
    ...over,
  }) as AlertRule;

export const preview = (): RulePreview =>
  ({
    from: Date.now() - 6 * 3_600_000,
    to: Date.now(),
    step_ms: 60_000,
    series: "latency_p99_ms",
    condition: { type: "threshold", op: ">", value: 250 },
    points: [
      [Date.now() - 120_000, 200],
      [Date.now() - 60_000, 312],
    ],
    firing: [{ fired_at: Date.now() - 60_000, resolved_at: null }],
  }) as unknown as RulePreview;
