-- Experiment tracking: experiments, runs, params, tags, metrics (history and latest), datasets.
-- Experiment ids are numeric strings (as MLflow's); run ids are 32-hex. Timestamps in ms.

CREATE TABLE experiments (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  artifact_location TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',   -- active | deleted
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX experiments_project ON experiments(project_id, lifecycle_stage, name);

CREATE TABLE experiment_tags (
  experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  user_id TEXT NOT NULL DEFAULT '',        -- MLflow's free-text user name
  status TEXT NOT NULL,                    -- RUNNING | SCHEDULED | FINISHED | FAILED | KILLED
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  artifact_uri TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',     -- the Cairn user (or key's user) who created it
  deleted_at BIGINT
);
CREATE INDEX runs_experiment_start ON runs(experiment_id, lifecycle_stage, start_time, id);

CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX run_params_key_value ON run_params(key, value);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX run_tags_key_value ON run_tags(key, value);

-- Every logged point. The whole point is the key, so a retried log-batch inserts nothing new.
-- NaN is stored as value 0 with is_nan 1, as on SQLite (which has no NaN).
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step BIGINT NOT NULL,
  timestamp BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  is_nan BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, key, step, timestamp, value, is_nan)
);

-- The value search and listings show, kept up to date on insert so they never scan histories:
-- the point with the highest step, then timestamp, then value (MLflow's rule).
CREATE TABLE latest_metrics (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step BIGINT NOT NULL,
  timestamp BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  is_nan BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics(key, value);

CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  digest TEXT NOT NULL,
  source_type TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  schema TEXT NOT NULL DEFAULT '',
  profile TEXT NOT NULL DEFAULT '',
  UNIQUE (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  tags TEXT NOT NULL DEFAULT '[]',         -- JSON array of {key, value}
  PRIMARY KEY (run_id, dataset_id)
);
