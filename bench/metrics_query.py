"""The query behind /metrics' monitor gauges (service/monitoring/monitor_jobs.cpp), before and after
it read each monitor's latest evaluation through monitor_series_by_time, on SQLite with a generated
history: 20 monitors x 3000 evaluations x 82 series (4.9 M rows, about ten days at one evaluation
every five minutes), on SQLite and, when CAIRN_TEST_PG_URL names a server, on PostgreSQL (the
rows made there by generate_series in a scratch schema, each query timed by EXPLAIN ANALYZE's
execution time). Not a test: it reports.

    eval "$(scripts/test-services.sh env)"; .venv/bin/python bench/metrics_query.py
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time

NAMES = ["drift_share", "drifted_features"] + [
    f"{kind}:f{i}" for kind in ("missing_share", "out_of_range_share", "new_category_share", "drift") for i in range(20)]
WANTED = ("(s.name IN ('drift_share', 'drifted_features') OR s.name LIKE 'missing_share:%'"
          " OR s.name LIKE 'out_of_range_share:%' OR s.name LIKE 'new_category_share:%')")
BEFORE = ("SELECT m.name, s.name, s.value FROM monitor_series s JOIN monitors m ON m.id = s.monitor_id"
          f" WHERE {WANTED} AND s.at = (SELECT MAX(t.at) FROM monitor_series t"
          " WHERE t.monitor_id = s.monitor_id AND t.name = 'drift_share') ORDER BY s.name")
AFTER = ("WITH latest AS MATERIALIZED (SELECT m.id, m.name, (SELECT MAX(t.at) FROM monitor_series t"
         " WHERE t.monitor_id = m.id AND t.name = 'drift_share') AS at FROM monitors m)"
         " SELECT l.name, s.name, s.value FROM latest l JOIN monitor_series s ON s.monitor_id = l.id AND s.at = l.at"
         f" WHERE {WANTED} ORDER BY s.name")


def postgres(url: str) -> None:
    """The same history and queries on PostgreSQL, in a schema of its own dropped afterwards."""
    names = ", ".join(f"('{n}')" for n in NAMES)
    setup = f"""
        DROP SCHEMA IF EXISTS bench_metrics CASCADE; CREATE SCHEMA bench_metrics; SET search_path = bench_metrics;
        CREATE TABLE monitors (id TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE monitor_series (monitor_id TEXT NOT NULL, name TEXT NOT NULL, at BIGINT NOT NULL,
                                     value DOUBLE PRECISION NOT NULL, PRIMARY KEY (monitor_id, name, at));
        CREATE INDEX monitor_series_by_time ON monitor_series (monitor_id, at);
        INSERT INTO monitors SELECT 'm' || m, 'monitor-' || m FROM generate_series(0, 19) m;
        INSERT INTO monitor_series SELECT 'm' || m, n.name, t * 300000, 0.5
          FROM generate_series(0, 19) m, generate_series(0, 2999) t, (VALUES {names}) n(name);
        ANALYZE;"""
    psql = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt"]
    subprocess.run(psql + ["-c", setup], check=True, capture_output=True)
    try:
        for label, query in (("before", BEFORE), ("after", AFTER)):
            plan = subprocess.run(psql + ["-c", "SET search_path = bench_metrics",
                                          "-c", f"EXPLAIN (ANALYZE, FORMAT JSON) {query}"],
                                  check=True, capture_output=True, text=True).stdout
            result = json.loads(plan[plan.index("["):])[0]
            print(f"{label:>6}: {result['Plan']['Actual Rows']} gauges in {result['Execution Time']:8.1f} ms"
                  " (PostgreSQL)")
    finally:
        subprocess.run(psql + ["-c", "DROP SCHEMA bench_metrics CASCADE"], check=True, capture_output=True)


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript("""
        CREATE TABLE monitors (id TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE monitor_series (monitor_id TEXT NOT NULL, name TEXT NOT NULL, at BIGINT NOT NULL,
                                     value DOUBLE PRECISION NOT NULL, PRIMARY KEY (monitor_id, name, at));
        CREATE INDEX monitor_series_by_time ON monitor_series (monitor_id, at);""")
    for m in range(20):
        db.execute("INSERT INTO monitors VALUES (?, ?)", (f"m{m}", f"monitor-{m}"))
        db.executemany("INSERT INTO monitor_series VALUES (?, ?, ?, ?)",
                       [(f"m{m}", n, t * 300_000, 0.5) for t in range(3000) for n in NAMES])
    for label, query in (("before", BEFORE), ("after", AFTER)):
        started = time.perf_counter()
        rows = db.execute(query).fetchall()
        print(f"{label:>6}: {len(rows)} gauges in {(time.perf_counter() - started) * 1000:8.1f} ms (SQLite)")
    if url := os.environ.get("CAIRN_TEST_PG_URL"):
        postgres(url)


if __name__ == "__main__":
    main()
