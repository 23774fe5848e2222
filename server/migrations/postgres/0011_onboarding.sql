-- Onboarding (issue 14): feedback members send to their organization's admins, and the errors the
-- web app met in members' browsers, grouped by fingerprint (kind, message, first stack line, page
-- route) with a count, so admins see what breaks and how often.

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message TEXT NOT NULL,
  page TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX feedback_by_org ON feedback (org_id, created_at, id);

CREATE TABLE client_errors (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  kind TEXT NOT NULL,              -- uncaught | request
  message TEXT NOT NULL,
  stack TEXT NOT NULL,             -- the last report's
  page TEXT NOT NULL,
  status BIGINT,                   -- failed requests: the status (0: no answer)
  last_request_id TEXT,
  version TEXT NOT NULL,
  count BIGINT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (org_id, fingerprint)
);
CREATE INDEX client_errors_by_last_seen ON client_errors (org_id, last_seen, fingerprint);
