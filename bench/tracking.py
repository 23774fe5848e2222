#!/usr/bin/env python3
"""Tracking hot paths, Cairn against the MLflow tracking server, same workload, one run.

(a) metric points per second through log-batch from 8 concurrent clients (1,000 metrics a call);
(b) p50 and p95 of search-runs with a metric filter and an order-by over 10,000 runs with 20
    params and 20 metrics each;
(c) time to fetch a 1,000,000-point metric history downsampled to 1,000 points
    (get-history-bulk-interval with max_results=1000 on both);
(d) runs/get requests per second and p50/p99 from 4 concurrent connections (wrk) on a run with 20
    params, 10 tags and 20 metrics;
(e) paging through that same history with get-history in pages of 25,000 (following
    next_page_token): time of the first page, of the last page, and of the whole walk;
(f) the server's peak RSS during that walk (MLflow: the sum over its process tree, the uvicorn
    workers included), beside its RSS just before;
(g) the database's size on disk at the end: SQLite main file + -wal, or pg_database_size.

Both servers use SQLite by default (--database postgres: both on the PostgreSQL of
scripts/test-services.sh). Both are driven over the same REST API with the same client code, so
the client is not what is measured. MLflow comes from a venv with `pip install mlflow psycopg2-binary`
(--mlflow-venv, default /tmp/mlflow-ref); (d) needs wrk. Prints figures and ratios; never fails on a
number.

    .venv/bin/python bench/tracking.py [--runs 10000] [--history 1000000] [--database sqlite|postgres]
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import httpx

from bench_support import BINARY as CAIRN, free_port, rss_kib, start_cairn as start_cairn_server, wrk

API = "/api/2.0/mlflow"


def wait_ready(url: str, proc: subprocess.Popen, path: str) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            if httpx.get(url + path, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"server not ready: {url}")


class Target:
    def __init__(self, name: str, url: str, headers: dict, proc: subprocess.Popen, workdir: Path, database: str):
        self.name, self.url, self.headers, self.proc, self.workdir = name, url, headers, proc, workdir
        self.database = database

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=300)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)


CREATED_DATABASES: list[str] = []


def drop_databases() -> None:
    # The test PostgreSQL is shared: leave nothing behind.
    base = os.environ.get("CAIRN_TEST_PG_URL")
    while CREATED_DATABASES:
        db = CREATED_DATABASES.pop()
        subprocess.run(["psql", "-X", "-q", "-d", base, "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'],
                       check=False)


def database_url(kind: str, workdir: Path, tag: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir}/{tag}.db"
    base = os.environ.get("CAIRN_TEST_PG_URL")
    if not base:
        raise SystemExit("--database postgres needs CAIRN_TEST_PG_URL (scripts/test-services.sh env)")
    db = f"bench_{tag}_{uuid.uuid4().hex[:6]}"
    subprocess.run(["psql", "-X", "-q", "-d", base, "-c", f'CREATE DATABASE "{db}"'], check=True)
    CREATED_DATABASES.append(db)
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path="/" + db))


def start_cairn(kind: str) -> Target:
    workdir = Path(tempfile.mkdtemp(prefix="bench-cairn-"))
    database = database_url(kind, workdir, "cairn")
    proc, url = start_cairn_server(workdir, ["--database-url", database, "--api-key-rate-limit", "100000000"])
    c = httpx.Client(base_url=url)
    pair = c.post("/api/v1/auth/signup", json={"email": f"b-{uuid.uuid4().hex[:6]}@example.com",
                                                "password": "bench-password", "name": "Bench"}).json()
    c.headers["Authorization"] = "Bearer " + pair["access_token"]
    org = c.post("/api/v1/orgs", json={"name": "Bench"}).json()
    project = c.post(f"/api/v1/orgs/{org['id']}/projects", json={"name": "Bench"}).json()
    key = c.post(f"/api/v1/orgs/{org['id']}/api-keys",
                 json={"name": "bench", "scopes": ["read", "write"], "project_id": project["id"]}).json()
    return Target("cairn", url, {"Authorization": "Bearer " + key["secret"]}, proc, workdir, database)


def mlflow_database_url(url: str) -> str:
    # MLflow 3 reads a bare postgresql:// as psycopg 3; the reference venv has psycopg2-binary.
    return url.replace("postgresql://", "postgresql+psycopg2://", 1)


def start_mlflow(kind: str, venv: Path) -> Target:
    workdir = Path(tempfile.mkdtemp(prefix="bench-mlflow-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = database_url(kind, workdir, "mlflow")
    log = open(workdir / "server.log", "wb")
    proc = subprocess.Popen(
        [str(venv / "bin" / "mlflow"), "server", "--host", "127.0.0.1", "--port", str(port),
         "--backend-store-uri", mlflow_database_url(database),
         "--artifacts-destination", str(workdir / "artifacts")],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true"})
    wait_ready(url, proc, "/health")
    return Target("mlflow", url, {}, proc, workdir, database)


def create_experiment(c: httpx.Client) -> str:
    r = c.post(f"{API}/experiments/create", json={"name": "bench-" + uuid.uuid4().hex[:8]})
    r.raise_for_status()
    return r.json()["experiment_id"]


def create_run(c: httpx.Client, experiment_id: str) -> str:
    r = c.post(f"{API}/runs/create", json={"experiment_id": experiment_id, "start_time": int(time.time() * 1000)})
    r.raise_for_status()
    return r.json()["run"]["info"]["run_id"]


def log_batch(c: httpx.Client, run_id: str, metrics=(), params=(), tags=()) -> None:
    r = c.post(f"{API}/runs/log-batch", json={"run_id": run_id, "metrics": list(metrics), "params": list(params),
                                               "tags": list(tags)})
    r.raise_for_status()


def ingest(target: Target, clients: int, batches: int) -> float:
    with target.client() as c:
        experiment_id = create_experiment(c)
        run_ids = [create_run(c, experiment_id) for _ in range(clients)]

    def worker(run_id: str) -> int:
        with target.client() as c:
            now = int(time.time() * 1000)
            for b in range(batches):
                log_batch(c, run_id, metrics=[{"key": f"m{i % 10}", "value": random.random(), "timestamp": now + b,
                                               "step": b * 100 + i // 10} for i in range(1000)])
        return batches * 1000

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        points = sum(pool.map(worker, run_ids))
    return points / (time.perf_counter() - start)


def seed_search(target: Target, runs: int) -> str:
    with target.client() as c:
        experiment_id = create_experiment(c)

    def worker(chunk: range) -> None:
        with target.client() as c:
            now = int(time.time() * 1000)
            for n in chunk:
                run_id = create_run(c, experiment_id)
                log_batch(c, run_id,
                          metrics=[{"key": f"metric_{k}", "value": random.random(), "timestamp": now, "step": 0}
                                   for k in range(20)],
                          params=[{"key": f"param_{k}", "value": str(random.randint(0, 9))} for k in range(20)])

    step = (runs + 7) // 8
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(worker, [range(i, min(i + step, runs)) for i in range(0, runs, step)]))
    return experiment_id


def search_latency(target: Target, experiment_id: str, repeats: int) -> tuple[float, float, int]:
    body = {"experiment_ids": [experiment_id], "filter": "metrics.metric_3 > 0.5 and params.param_7 = '4'",
            "order_by": ["metrics.metric_5 DESC"], "max_results": 100}
    times = []
    found = 0
    with target.client() as c:
        c.post(f"{API}/runs/search", json=body).raise_for_status()  # warm up
        for _ in range(repeats):
            start = time.perf_counter()
            r = c.post(f"{API}/runs/search", json=body)
            times.append(time.perf_counter() - start)
            r.raise_for_status()
            found = len(r.json().get("runs", []))
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000, found


def seed_history(target: Target, points: int) -> str:
    with target.client() as c:
        run_id = create_run(c, create_experiment(c))
        now = int(time.time() * 1000)
        for start in range(0, points, 1000):
            log_batch(c, run_id, metrics=[{"key": "loss", "value": 1.0 / (1 + s) + random.random() * 0.01,
                                           "timestamp": now, "step": s} for s in range(start, min(start + 1000, points))])
    return run_id


def history_time(target: Target, run_id: str, repeats: int) -> tuple[float, int]:
    times = []
    n = 0
    with target.client() as c:
        for _ in range(repeats):
            start = time.perf_counter()
            r = c.get(f"{API}/metrics/get-history-bulk-interval",
                      params={"run_ids": run_id, "metric_key": "loss", "max_results": 1000})
            times.append(time.perf_counter() - start)
            r.raise_for_status()
            n = len(r.json().get("metrics", []))
    return statistics.median(times) * 1000, n


def seed_run_to_get(target: Target) -> str:
    with target.client() as c:
        run_id = create_run(c, create_experiment(c))
        now = int(time.time() * 1000)
        log_batch(c, run_id,
                  metrics=[{"key": f"metric_{k}", "value": random.random(), "timestamp": now, "step": 0}
                           for k in range(20)],
                  params=[{"key": f"param_{k}", "value": f"value-{k}-" + "x" * 20} for k in range(20)],
                  tags=[{"key": f"tag_{k}", "value": f"tag value {k}"} for k in range(10)])
    return run_id


def get_throughput(target: Target, run_id: str, connections: int, seconds: int) -> dict:
    """wrk, a C client, so that Python is not what bounds the figure."""
    url = f"{target.url}{API}/runs/get?run_id={run_id}"
    with target.client() as c:
        c.get(url).raise_for_status()
    wrk(url, target.headers, threads=1, connections=connections, seconds=2)  # warm up
    r = wrk(url, target.headers, threads=1, connections=connections, seconds=seconds)
    if r["non2xx"]:
        raise SystemExit(f"{target.name}: {r['non2xx']} runs/get answers were errors")
    return r


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for p in pids:
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return pids


def tree_rss_kib(pid: int) -> int:
    total = 0
    for p in process_tree(pid):
        try:
            total += rss_kib(p)
        except OSError:
            pass  # exited between listing and reading
    return total


class PeakRss:
    """Samples the VmRSS of a server's process tree every 10 ms while the block runs."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            self._stop.wait(0.01)

    def __enter__(self) -> "PeakRss":
        self.before = tree_rss_kib(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_kib(self.pid))


def history_pages(target: Target, run_id: str, page_size: int) -> dict:
    """Walks the whole history through get-history's page tokens; each page timed."""
    times = []
    points = 0
    params = {"run_id": run_id, "metric_key": "loss", "max_results": page_size}
    with target.client() as c:
        start = time.perf_counter()
        while True:
            t = time.perf_counter()
            r = c.get(f"{API}/metrics/get-history", params=params)
            times.append(time.perf_counter() - t)
            r.raise_for_status()
            body = r.json()
            points += len(body.get("metrics", []))
            if not body.get("next_page_token"):
                break
            params["page_token"] = body["next_page_token"]
        total = time.perf_counter() - start
    return {"first": times[0] * 1000, "last": times[-1] * 1000, "total": total, "pages": len(times),
            "points": points}


def database_size(target: Target) -> int:
    """Bytes on disk: the SQLite file and its -wal, or pg_database_size."""
    if target.database.startswith("sqlite:"):
        path = Path(target.database.removeprefix("sqlite://"))
        return sum(f.stat().st_size for f in (path, Path(f"{path}-wal")) if f.exists())
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", target.database, "-c",
                          "SELECT pg_database_size(current_database())"],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=10000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=25, help="log-batch calls per ingest client")
    parser.add_argument("--get-seconds", type=int, default=10, help="duration of the runs/get load")
    parser.add_argument("--mlflow-venv", type=Path, default=Path(os.environ.get("MLFLOW_VENV", "/tmp/mlflow-ref")))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    if not (args.mlflow_venv / "bin" / "mlflow").exists():
        sys.exit(f"no MLflow server in {args.mlflow_venv}: python3 -m venv {args.mlflow_venv} && "
                 f"{args.mlflow_venv}/bin/pip install mlflow psycopg2-binary")
    version = subprocess.run([str(args.mlflow_venv / "bin" / "mlflow"), "--version"], capture_output=True,
                             text=True).stdout.strip()
    print(f"Cairn {CAIRN} vs {version}, database {args.database}, {os.cpu_count()} cores, loopback")
    results: dict[str, dict] = {}
    for start in (start_cairn, start_mlflow):
        try:
            target = start(args.database) if start is start_cairn else start(args.database, args.mlflow_venv)
        except BaseException:
            drop_databases()
            raise
        try:
            r = results.setdefault(target.name, {})
            r["ingest"] = ingest(target, 8, args.batches)
            print(f"{target.name:7} (a) log-batch ingest, 8 clients: {r['ingest']:12,.0f} points/s", flush=True)
            experiment_id = seed_search(target, args.runs)
            p50, p95, found = search_latency(target, experiment_id, 30)
            r["p50"], r["p95"] = p50, p95
            print(f"{target.name:7} (b) search {args.runs} runs: p50 {p50:8.1f} ms  p95 {p95:8.1f} ms"
                  f"  p95/p50 {p95 / p50:4.1f} ({found} runs)", flush=True)
            g = r["get"] = get_throughput(target, seed_run_to_get(target), 4, args.get_seconds)
            print(f"{target.name:7} (d) runs/get, 4 connections: {g['rps']:10,.0f} req/s  p50 {g['p50']:7.2f} ms"
                  f"  p99 {g['p99']:7.2f} ms", flush=True)
            run_id = seed_history(target, args.history)
            r["history"], n = history_time(target, run_id, 5)
            print(f"{target.name:7} (c) {args.history:,}-point history -> {n} points: {r['history']:8.1f} ms", flush=True)
            with PeakRss(target.proc.pid) as rss:
                p = r["pages"] = history_pages(target, run_id, 25000)
            print(f"{target.name:7} (e) get-history, {p['pages']} pages of 25,000 ({p['points']:,} points): first"
                  f" {p['first']:8.1f} ms  last {p['last']:8.1f} ms  total {p['total']:7.2f} s", flush=True)
            r["rss"] = rss.peak
            print(f"{target.name:7} (f) server RSS during that walk: peak {rss.peak / 1024:7.1f} MiB"
                  f" (before {rss.before / 1024:.1f} MiB)", flush=True)
            r["size"] = database_size(target)
            print(f"{target.name:7} (g) database on disk: {r['size'] / 2**20:8.1f} MiB", flush=True)
        finally:
            target.stop()
            drop_databases()
    c, m = results["cairn"], results["mlflow"]
    print("\nratio (Cairn over MLflow; higher is better for Cairn)")
    print(f"  (a) ingest throughput  {c['ingest'] / m['ingest']:8.1f}x")
    print(f"  (b) search p50         {m['p50'] / c['p50']:8.1f}x   p95 {m['p95'] / c['p95']:8.1f}x")
    print(f"  (b) search p95/p50     cairn {c['p95'] / c['p50']:5.1f}   mlflow {m['p95'] / m['p50']:5.1f}"
          f"   (aim: cairn <= 2)")
    print(f"  (c) history fetch      {m['history'] / c['history']:8.1f}x")
    cg, mg = c["get"], m["get"]
    print(f"  (d) runs/get req/s     {cg['rps'] / mg['rps']:8.1f}x   p50 {mg['p50'] / cg['p50']:8.1f}x"
          f"   p99 {mg['p99'] / cg['p99']:8.1f}x")
    cp, mp = c["pages"], m["pages"]
    print(f"  (e) get-history walk   {mp['total'] / cp['total']:8.1f}x   first page {mp['first'] / cp['first']:8.1f}x"
          f"   last page {mp['last'] / cp['last']:8.1f}x")
    print(f"  (e) last/first page    cairn {cp['last'] / cp['first']:5.1f}   mlflow {mp['last'] / mp['first']:5.1f}"
          f"   (keyset paging: about 1)")
    print(f"  (f) peak RSS           {m['rss'] / c['rss']:8.1f}x")
    print(f"  (g) database size      {m['size'] / c['size']:8.1f}x")


if __name__ == "__main__":
    main()
