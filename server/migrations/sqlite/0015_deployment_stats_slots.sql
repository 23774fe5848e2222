-- The live traffic of a deployment (its page's /stats: 10-second buckets over the last hour) as
-- each replica counted it. Every replica publishes the buckets it changed every few seconds and
-- /stats adds up every replica's, so behind a load balancer the page shows the deployment's whole
-- traffic, not one replica's share. latency_bins is sparse "bin:count,..." on RequestStats' bins.
-- Rows older than the hour are deleted by a job; no foreign key, so a replica's publish never
-- fails on a deployment deleted meanwhile (its rows go with the hour).

CREATE TABLE deployment_stats_slots (
  deployment_id TEXT NOT NULL,
  replica TEXT NOT NULL,
  bucket_start INTEGER NOT NULL,        -- ms since the epoch, a multiple of 10 s
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  cache_hits INTEGER NOT NULL,
  batches INTEGER NOT NULL,
  batch_rows INTEGER NOT NULL,
  latency_bins TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (deployment_id, bucket_start, replica)
);
CREATE INDEX deployment_stats_slots_by_start ON deployment_stats_slots (bucket_start);
