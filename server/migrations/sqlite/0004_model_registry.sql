-- The model registry: registered models, their versions with files and metadata, stages with
-- their history, aliases, and full-text search over names, descriptions and tags.

CREATE TABLE registered_models (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  next_version INTEGER NOT NULL DEFAULT 1,  -- versions are never reused, even after a delete
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX registered_models_project_updated ON registered_models(project_id, updated_at, id);
CREATE INDEX registered_models_project_created ON registered_models(project_id, created_at, id);

CREATE TABLE registered_model_tags (
  model_id TEXT NOT NULL REFERENCES registered_models(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

CREATE TABLE model_versions (
  model_id TEXT NOT NULL REFERENCES registered_models(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL DEFAULT 'development',  -- development | staging | production | archived
  source_type TEXT NOT NULL,                  -- run | logged_model | upload
  source_uri TEXT NOT NULL,                   -- what the MLflow client sent, or the equivalent
  run_id TEXT,
  logged_model_id TEXT,
  storage_location TEXT NOT NULL,             -- proxy path of the files: key = <org_id>/<storage_location>/<file>
  framework TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '{}',        -- JSON: flavors, signature, input_example, pip_requirements
  executable_code INTEGER NOT NULL DEFAULT 0,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  file_count INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, version)
);
CREATE INDEX model_versions_run ON model_versions(run_id);
CREATE UNIQUE INDEX model_versions_idempotency ON model_versions(model_id, idempotency_key);

CREATE TABLE model_version_files (
  model_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  executable_code INTEGER NOT NULL DEFAULT 0,
  details TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (model_id, version, path),
  FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version) ON DELETE CASCADE
);

CREATE TABLE model_version_tags (
  model_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, version, key),
  FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version) ON DELETE CASCADE
);

CREATE TABLE model_version_metrics (
  model_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  is_nan INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,                       -- run (copied at registration) | user
  PRIMARY KEY (model_id, version, key),
  FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version) ON DELETE CASCADE
);

CREATE TABLE model_aliases (
  model_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (model_id, alias),
  FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version) ON DELETE CASCADE
);

CREATE TABLE model_stage_transitions (
  id TEXT PRIMARY KEY,
  model_id TEXT NOT NULL REFERENCES registered_models(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,                            -- order within the model: several moves share a millisecond
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX model_stage_transitions_model ON model_stage_transitions(model_id, seq);

-- Full text over name, description and tags; rows are rewritten by the store on each change.
CREATE VIRTUAL TABLE registered_model_search USING fts5(model_id UNINDEXED, body, tokenize = 'unicode61');
