import type { components, paths } from "@/lib/api/schema.gen";

type Schemas = components["schemas"];
export type Alert = Schemas["Alert"];
export type AlertDetail = Schemas["AlertDetail"];
export type AlertEvent = AlertDetail["timeline"][number];
export type AlertRule = Schemas["AlertRule"];
export type AlertRuleInput = Schemas["AlertRuleInput"];
export type AlertRuleTemplate = Schemas["AlertRuleTemplate"];
export type AlertCondition = Schemas["AlertCondition"];
export type AlertChannel = Schemas["AlertChannel"];
export type ChannelKind = AlertChannel["kind"];
export type NotificationPolicy = Schemas["NotificationPolicy"];
export type NotificationRoute = NonNullable<NotificationPolicy["routes"]>[number];
export type Silence = Schemas["Silence"];
export type LabelMatcher = Schemas["LabelMatcher"];
export type AlertNotification = Schemas["AlertNotification"];
export type AlertAnalytics = Schemas["AlertAnalytics"];
export type Severity = Alert["severity"];
export type BulkAction = "acknowledge" | "resolve" | "silence";

type PreviewPath = paths["/api/v1/orgs/{org}/projects/{project}/alert-rules/preview"]["post"];
export type RulePreview = PreviewPath["responses"][200]["content"]["application/json"];
type TestPath = paths["/api/v1/orgs/{org}/projects/{project}/alert-channels/{channel}/test"]["post"];
export type ChannelTestResult = TestPath["responses"][200]["content"]["application/json"];

/** One delivery of an alert, as AlertDetail.notifications lists them. */
export interface AlertDelivery {
  id: string;
  channel: string;
  kind: string;
  reason: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** A row of AlertAnalytics.by_rule (and noisiest). */
export interface RuleTally {
  rule_id: string;
  name: string;
  fired: number;
  resolved: number;
  acknowledged: number;
  mean_time_to_acknowledge_seconds: number | null;
  mean_time_to_resolve_seconds: number | null;
}

/** The inbox's views: the server's states plus acknowledged and silenced (views of open alerts). */
export const INBOX_STATES = ["firing", "pending", "acknowledged", "silenced", "resolved"] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** The project of the current page, as the paths name it. */
export interface ProjectRef {
  org: string;
  project: string;
}
