-- Alerting (issue 12, DESIGN D13 and D17): rules on monitoring series, the alerts they raise with
-- every transition recorded, channels with sealed secrets, the project's notification policy,
-- silences, notification groups and the outbox that delivers notifications exactly once per group
-- change, with a log of every attempt.

CREATE TABLE alert_rules (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,              -- JSON RuleSpec: target, series, condition, timings, labels, actions
  enabled INTEGER NOT NULL,
  created_by TEXT NOT NULL,        -- user id: rollback actions act as this user
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_eval_at INTEGER NOT NULL,    -- the evaluation job picks rules due by now
  last_eval_at INTEGER NOT NULL DEFAULT 0,
  last_eval_ms REAL NOT NULL DEFAULT 0,
  last_value REAL,     -- NULL: the series had no data
  health TEXT NOT NULL DEFAULT 'unknown',  -- unknown | ok | no_data | error
  last_error TEXT NOT NULL DEFAULT '',
  last_action_at INTEGER NOT NULL DEFAULT 0,  -- the rollback action's cool-down starts here
  UNIQUE (project_id, name)
);
CREATE INDEX alert_rules_due ON alert_rules(next_eval_at);

-- One row per episode: pending, then firing, then resolved (kept as history). A pending alert
-- whose condition clears is deleted, as Prometheus forgets it.
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,       -- of the labels: deduplicates episodes of one rule
  state TEXT NOT NULL,             -- pending | firing | resolved
  severity TEXT NOT NULL,
  labels TEXT NOT NULL,            -- JSON object
  annotations TEXT NOT NULL,       -- JSON object, rendered at the last evaluation
  value REAL,
  active_since INTEGER NOT NULL,
  fired_at INTEGER NOT NULL DEFAULT 0,
  resolved_at INTEGER NOT NULL DEFAULT 0,
  last_true_at INTEGER NOT NULL,    -- keep_firing_for counts from here
  acknowledged_by TEXT NOT NULL DEFAULT '',
  acknowledged_at INTEGER NOT NULL DEFAULT 0,
  ack_note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE INDEX alerts_project_state ON alerts(project_id, state, active_since);
CREATE INDEX alerts_rule ON alerts(rule_id, state);

CREATE TABLE alert_events (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- pending | firing | resolved | acknowledged | notified | escalated | rollback | ...
  actor TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert ON alert_events(alert_id, at);

CREATE TABLE alert_channels (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,              -- email | slack | webhook | pagerduty
  config TEXT NOT NULL,            -- JSON; secret fields sealed with the server's key
  send_resolved INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (project_id, name)
);

-- The project's routing tree as one document (like Alertmanager's config): replaced whole.
CREATE TABLE notification_policies (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  spec TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE silences (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  matchers TEXT NOT NULL,          -- JSON [{name, op, value}]
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  comment TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX silences_project ON silences(project_id, ends_at);

-- Alertmanager's aggregation groups: what each route's group last notified, so group_wait,
-- group_interval and repeat_interval hold across replicas and restarts.
CREATE TABLE alert_groups (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  group_key TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_sent_at INTEGER NOT NULL DEFAULT 0,
  digest TEXT NOT NULL DEFAULT '',  -- the firing and resolved alert ids last notified
  PRIMARY KEY (project_id, group_key)
);

-- The outbox: a notification is written in the same transaction as the group's new state and
-- delivered by one replica at a time (claimed_until), retried with backoff.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
  group_key TEXT NOT NULL,
  reason TEXT NOT NULL,            -- group | escalation | acknowledge | test
  payload TEXT NOT NULL,           -- JSON Notice
  status TEXT NOT NULL,            -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  delivered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
CREATE INDEX notifications_project ON notifications(project_id, created_at);

CREATE TABLE notification_attempts (
  notification_id TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  error TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  PRIMARY KEY (notification_id, attempt)
);
