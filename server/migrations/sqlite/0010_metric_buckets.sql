-- Per 1,024 steps of each run's metric, four of its points: the first and last (by step, then
-- timestamp), the lowest and the highest value (NaN ranks highest; the orders are stats/step_summary's). A downsampled history of a long
-- series is picked from these instead of from every point, so charting a million-point metric reads
-- about a thousand rows. Kept current on every insert (server/src/storage/tracking/metric_buckets.cpp;
-- the rules are stats/step_summary.hpp's). NaN values are stored as 0 with their flag, as in metrics.
CREATE TABLE metric_buckets (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  first_step INTEGER NOT NULL,
  first_timestamp INTEGER NOT NULL,
  first_value REAL NOT NULL,
  first_is_nan INTEGER NOT NULL,
  last_step INTEGER NOT NULL,
  last_timestamp INTEGER NOT NULL,
  last_value REAL NOT NULL,
  last_is_nan INTEGER NOT NULL,
  low_step INTEGER NOT NULL,
  low_timestamp INTEGER NOT NULL,
  low_value REAL NOT NULL,
  low_is_nan INTEGER NOT NULL,
  high_step INTEGER NOT NULL,
  high_timestamp INTEGER NOT NULL,
  high_value REAL NOT NULL,
  high_is_nan INTEGER NOT NULL,
  PRIMARY KEY (run_id, key, bucket)
);

-- The histories logged before this table existed. step / 1024 truncates toward zero in SQL and in C++ alike.
INSERT INTO metric_buckets
SELECT run_id, key, bucket,
  MAX(CASE WHEN first_rank = 1 THEN step END),
  MAX(CASE WHEN first_rank = 1 THEN timestamp END),
  MAX(CASE WHEN first_rank = 1 THEN value END),
  MAX(CASE WHEN first_rank = 1 THEN is_nan END),
  MAX(CASE WHEN last_rank = 1 THEN step END),
  MAX(CASE WHEN last_rank = 1 THEN timestamp END),
  MAX(CASE WHEN last_rank = 1 THEN value END),
  MAX(CASE WHEN last_rank = 1 THEN is_nan END),
  MAX(CASE WHEN low_rank = 1 THEN step END),
  MAX(CASE WHEN low_rank = 1 THEN timestamp END),
  MAX(CASE WHEN low_rank = 1 THEN value END),
  MAX(CASE WHEN low_rank = 1 THEN is_nan END),
  MAX(CASE WHEN high_rank = 1 THEN step END),
  MAX(CASE WHEN high_rank = 1 THEN timestamp END),
  MAX(CASE WHEN high_rank = 1 THEN value END),
  MAX(CASE WHEN high_rank = 1 THEN is_nan END)
FROM (
  SELECT run_id, key, step / 1024 AS bucket, step, timestamp, value, is_nan,
    ROW_NUMBER() OVER (PARTITION BY run_id, key, step / 1024 ORDER BY step, timestamp, is_nan, value) AS first_rank,
    ROW_NUMBER() OVER (PARTITION BY run_id, key, step / 1024 ORDER BY step DESC, timestamp DESC, is_nan DESC, value DESC) AS last_rank,
    ROW_NUMBER() OVER (PARTITION BY run_id, key, step / 1024 ORDER BY is_nan, value, step, timestamp) AS low_rank,
    ROW_NUMBER() OVER (PARTITION BY run_id, key, step / 1024 ORDER BY is_nan DESC, value DESC, step, timestamp) AS high_rank
  FROM metrics
) ranked
GROUP BY run_id, key, bucket;
