-- One row per prediction (the gateway writes them in batches, off the request path): what the
-- monitoring statistics are computed from. Inputs and outputs only for sampled requests.

CREATE TABLE inference_requests (
  deployment_id TEXT NOT NULL,  -- no foreign key: records arrive after a deployment may be gone
  request_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  revision BIGINT NOT NULL,
  at BIGINT NOT NULL,              -- ms since the epoch, when the request arrived
  latency_ms DOUBLE PRECISION NOT NULL,
  status INTEGER NOT NULL,        -- the HTTP status answered
  error_code TEXT NOT NULL DEFAULT '',
  principal TEXT NOT NULL,        -- user:<id> | key:<id>
  rows_count BIGINT NOT NULL,
  cache_hit INTEGER NOT NULL DEFAULT 0,
  inputs TEXT,                    -- JSON records, for sampled requests
  outputs TEXT,                   -- JSON predictions, for sampled requests
  PRIMARY KEY (deployment_id, at, request_id)
);
