-- Monitoring (issue 11): monitors (one per deployment, or for a model served elsewhere), their
-- statistics as mergeable profiles per time bucket, raw records for labels and export, stored
-- series for alerting, and the scheduler's job slots (DESIGN D13, D16).

CREATE TABLE monitors (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  deployment_id TEXT UNIQUE REFERENCES deployments(id) ON DELETE CASCADE,  -- NULL: records arrive by API
  config TEXT NOT NULL DEFAULT '{}',   -- JSON MonitorConfig: drift methods and thresholds, ignored features
  reference TEXT,                      -- base64 DatasetProfile, computed once from the reference data
  reference_info TEXT NOT NULL DEFAULT '{}',  -- JSON: source, rows, when
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, name)
);

-- Statistics of one time bucket. Each server process writes its own partial row per bucket
-- (`writer`), so replicas never contend; reads merge the partials; the rollup job folds minutes
-- into hours and hours into days (writer 'rollup').
CREATE TABLE monitor_buckets (
  monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  resolution BIGINT NOT NULL,  -- seconds: 60 | 3600 | 86400
  start_at BIGINT NOT NULL,    -- ms since the epoch, a multiple of the resolution
  revision BIGINT NOT NULL,    -- the deployment revision that answered; 0 for records sent by API
  writer TEXT NOT NULL,
  requests BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  service TEXT NOT NULL,       -- JSON ServiceProfile: latency and batch-size sketches, errors by kind
  profile TEXT NOT NULL,       -- base64 DatasetProfile of inputs and predictions
  written_at BIGINT NOT NULL,     -- a rollup is recomputed when a finer row is newer than it
  PRIMARY KEY (monitor_id, resolution, start_at, revision, writer)
);

-- Inference records kept whole: those sent by API (idempotent by id) and the sampled share of
-- the gateway's. Labels join them by id for model performance.
CREATE TABLE monitor_records (
  monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  record_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  revision BIGINT NOT NULL DEFAULT 0,
  features TEXT NOT NULL,     -- JSON object
  prediction TEXT NOT NULL,   -- JSON value
  PRIMARY KEY (monitor_id, record_id)
);
CREATE INDEX monitor_records_at ON monitor_records(monitor_id, at);

CREATE TABLE monitor_labels (
  monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  record_id TEXT NOT NULL,
  label TEXT NOT NULL,        -- JSON value
  at BIGINT NOT NULL,         -- when the label arrived
  PRIMARY KEY (monitor_id, record_id)
);

-- Values the evaluation job computes per window (drift share, each feature's drift score, ...):
-- alerting reads them like any other series.
CREATE TABLE monitor_series (
  monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  at BIGINT NOT NULL,         -- the end of the evaluated window
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (monitor_id, name, at)
);

-- One row per background job: a replica runs the job when it moves next_run_at forward first.
CREATE TABLE job_slots (
  name TEXT PRIMARY KEY,
  next_run_at BIGINT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  last_started_at BIGINT NOT NULL DEFAULT 0,
  last_duration_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
