-- /metrics reads each monitor's latest evaluation: every series row at one time. Without this index
-- that read went through all of a monitor's series history (90 days by default).
CREATE INDEX monitor_series_by_time ON monitor_series (monitor_id, at);
