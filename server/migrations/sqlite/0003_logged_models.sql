-- MLflow 3 logged models: a model's artifacts, params and tags, linked to the run that made it.

CREATE TABLE logged_models (
  id TEXT PRIMARY KEY,                     -- "m-" + 32 hex, as MLflow's
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  artifact_uri TEXT NOT NULL,
  model_type TEXT NOT NULL DEFAULT '',
  source_run_id TEXT,
  status TEXT NOT NULL,                    -- LOGGED_MODEL_PENDING | LOGGED_MODEL_READY | LOGGED_MODEL_UPLOAD_FAILED
  status_message TEXT NOT NULL DEFAULT '',
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX logged_models_experiment ON logged_models(experiment_id, lifecycle_stage, created_at);
CREATE INDEX logged_models_run ON logged_models(source_run_id);

CREATE TABLE logged_model_params (
  model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_tags (
  model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

-- Models a run produced (MLflow's run outputs).
CREATE TABLE run_outputs (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
  step INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, model_id)
);

-- Metric points logged against a model (log_metric(..., model_id=...)), with the dataset they
-- were measured on.
CREATE TABLE logged_model_metrics (
  model_id TEXT NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
  run_id TEXT NOT NULL,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  value REAL NOT NULL,
  is_nan INTEGER NOT NULL DEFAULT 0,
  dataset_name TEXT NOT NULL DEFAULT '',
  dataset_digest TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (model_id, key, step, timestamp, value, is_nan, run_id, dataset_name, dataset_digest)
);
