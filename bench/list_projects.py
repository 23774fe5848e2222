#!/usr/bin/env python3
"""Requests/s and latency of an authenticated GET of a project list, measured with wrk.

Foundation figure for issue 2 (no peer: MLflow has no organizations or projects). Starts the
release binary on SQLite and on PostgreSQL (CAIRN_TEST_PG_URL, from scripts/test-services.sh),
fills an organization with 50 projects, and runs wrk with an API key and with an access token.
Prints the figures and the server's idle memory; it never fails on a number.

    scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"
    .venv/bin/python bench/list_projects.py [--duration 10] [--connections 32]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import httpx

from bench_support import rss_kib, start_cairn, wrk


def start_server(database_url: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    return start_cairn(workdir, ["--database-url", database_url, "--api-key-rate-limit", "100000000"])


def seed(url: str) -> tuple[str, str, str]:
    c = httpx.Client(base_url=url)
    pair = c.post("/api/v1/auth/signup", json={"email": f"bench-{uuid.uuid4().hex[:8]}@example.com",
                                                "password": "bench-password", "name": "Bench"}).json()
    c.headers["Authorization"] = "Bearer " + pair["access_token"]
    org = c.post("/api/v1/orgs", json={"name": "Bench", "slug": "bench-" + uuid.uuid4().hex[:6]}).json()
    for i in range(50):
        c.post(f"/api/v1/orgs/{org['id']}/projects", json={"name": f"Project {i:02d}", "description": "x" * 80})
    key = c.post(f"/api/v1/orgs/{org['id']}/api-keys", json={"name": "bench", "scopes": ["read"]}).json()
    return f"/api/v1/orgs/{org['id']}/projects?limit=50", key["secret"], pair["access_token"]


def run(backend: str, database_url: str, args) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"cairn-bench-{backend}-"))
    proc, url = start_server(database_url, workdir)
    try:
        time.sleep(0.5)
        idle = rss_kib(proc.pid)
        path, key, token = seed(url)
        for label, credential in (("api key", key), ("access token", token)):
            r = wrk(url + path, {"Authorization": f"Bearer {credential}"}, threads=2, connections=args.connections,
                    seconds=args.duration)
            print(f"{backend:10} {label:13} {r['rps']:10.0f} req/s   p50 {r['p50']:6.2f} ms   p99 {r['p99']:6.2f} ms"
                  f"   non-2xx {r['non2xx']}")
        print(f"{backend:10} idle RSS {idle / 1024:.1f} MiB, after load {rss_kib(proc.pid) / 1024:.1f} MiB")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    print(f"GET 50 projects, wrk -t2 -c{args.connections} -d{args.duration}s, {os.cpu_count()} cores, loopback")
    with tempfile.TemporaryDirectory(prefix="cairn-bench-db-") as db_dir:
        run("sqlite", f"sqlite://{db_dir}/bench.db", args)
    pg = os.environ.get("CAIRN_TEST_PG_URL")
    if pg:
        db = "cairn_bench_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", "-X", "-q", "-d", pg, "-c", f'CREATE DATABASE "{db}"'], check=True)
        try:
            run("postgresql", urllib.parse.urlunsplit(urllib.parse.urlsplit(pg)._replace(path="/" + db)), args)
        finally:
            subprocess.run(["psql", "-X", "-q", "-d", pg, "-c", f'DROP DATABASE "{db}" WITH (FORCE)'], check=False)
    else:
        print("postgresql skipped: CAIRN_TEST_PG_URL is unset")


if __name__ == "__main__":
    main()
