-- Deployments: environments of a project, deployments of a registered model into one of them,
-- their immutable revisions (model version + configuration) and their event list.

CREATE TABLE environments (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,  -- development | staging | production: decides who may deploy into it
  description TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (project_id, name)
);

-- Every project starts with the three environments; project creation adds them for new ones.
INSERT INTO environments (id, project_id, name, tier, description, created_at)
  SELECT p.id || '-' || t.name, p.id, t.name, t.name, '', p.created_at
  FROM projects p CROSS JOIN (SELECT 'development' AS name UNION ALL SELECT 'staging' UNION ALL SELECT 'production') t;

CREATE TABLE deployments (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  environment_id TEXT NOT NULL REFERENCES environments(id),
  name TEXT NOT NULL,
  endpoint_name TEXT NOT NULL UNIQUE,  -- the model name of the Open Inference paths, server-wide
  target TEXT NOT NULL,                -- local | kubernetes
  model_id TEXT NOT NULL REFERENCES registered_models(id) ON DELETE CASCADE,
  source_kind TEXT NOT NULL,           -- version | alias | stage
  source_value TEXT NOT NULL,          -- "3" | "champion" | "production"
  revision BIGINT NOT NULL,            -- the revision serving now
  desired_state TEXT NOT NULL,         -- running | stopped
  traffic TEXT NOT NULL DEFAULT '{}',  -- JSON {routes: [{revision, weight}], shadow}
  state TEXT NOT NULL,                 -- pending | starting | healthy | degraded | failed | stopping | stopped
  state_reason TEXT NOT NULL DEFAULT '',
  state_since BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX deployments_environment ON deployments(environment_id);
CREATE INDEX deployments_model ON deployments(model_id);

CREATE TABLE deployment_revisions (
  deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  model_id TEXT NOT NULL,
  model_version BIGINT NOT NULL,
  config TEXT NOT NULL,  -- JSON DeploymentConfig, secrets included (answers mask them)
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (deployment_id, number)
);

CREATE TABLE deployment_events (
  deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,  -- 1, 2, ... per deployment: the order of events within one millisecond
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (deployment_id, seq)
);
