#!/usr/bin/env python3
"""Throughput with 1, 2 and 3 Cairn replicas behind HAProxy, as production scales out: one PostgreSQL,
one artifact store and one Redis shared by the replicas (the topology tests/test_scale_out.py proves
correct). Two hot paths through the load balancer, each for --seconds with wrk:

(a) tracking ingest: MLflow log-batch calls of 100 metric points from 32 connections (points/s);
(b) inference: single-row MLflow scoring calls to a local scikit-learn deployment (one worker per
    replica) from 64 connections (requests/s, p50, p99).

Every replica runs on this machine, so the figures show what replicas add here, not on separate
hosts: on a 2-core machine the replicas, their workers, PostgreSQL and wrk share the same cores.
Needs wrk and haproxy (apt-get install wrk haproxy) and the test services:
    scripts/test-services.sh start; eval "$(scripts/test-services.sh env)"
    .venv/bin/python bench/scale_out.py [--replicas 1,2,3] [--seconds 5]
Prints figures; never fails on a number.
"""

from __future__ import annotations

import argparse
import json
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
import numpy as np

from bench_support import LUA, ROOT, start_cairn, wrk_bodies

sys.path.insert(0, str(ROOT / "tests"))
from load_balancer import LoadBalancer  # noqa: E402  (the same HAProxy set-up as the scale-out test)

FEATURES = [f"f{i}" for i in range(20)]


class Replica:
    """What LoadBalancer needs of a replica."""

    def __init__(self, proc: subprocess.Popen, url: str, database_url: str):
        self.proc, self.url, self.database_url = proc, url, database_url
        self.port = int(url.rsplit(":", 1)[1])


def start_replicas(n: int, root: Path, database_url: str, shared: list[str]) -> list[Replica]:
    replicas = []
    for i in range(n):
        workdir = root / f"replica-{n}-{i}"
        workdir.mkdir(parents=True)
        proc, url = start_cairn(workdir, ["--database-url", database_url, *shared])
        replicas.append(Replica(proc, url, database_url))
    return replicas


def stop(replicas: list[Replica]) -> None:
    for r in replicas:
        r.proc.terminate()
    for r in replicas:
        r.proc.wait(timeout=30)


def train(workdir: Path) -> tuple[Path, np.ndarray]:
    import mlflow.sklearn
    import pandas as pd
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.normal(size=(500, len(FEATURES))), columns=FEATURES)
    model = LogisticRegression().fit(x, (x["f0"] + x["f1"] > 0).astype(int))
    path = workdir / "model"
    mlflow.sklearn.save_model(model, path, signature=infer_signature(x, model.predict(x)))
    return path, x.to_numpy()


def set_up(url: str, model_path: Path) -> dict:
    """A user, project, key, run and deployment, made once through the first replica."""
    c = httpx.Client(base_url=url, timeout=120)
    pair = c.post("/api/v1/auth/signup", json={"email": f"scale-{uuid.uuid4().hex[:8]}@example.com",
                                                "password": "bench-password", "name": "Bench"}).json()
    c.headers["Authorization"] = "Bearer " + pair["access_token"]
    org = c.post("/api/v1/orgs", json={"name": "Scale"}).json()
    project = c.post(f"/api/v1/orgs/{org['id']}/projects", json={"name": "Scale"}).json()
    base = f"/api/v1/orgs/{org['id']}/projects/{project['id']}"
    key = c.post(f"/api/v1/orgs/{org['id']}/api-keys",
                 json={"name": "bench", "scopes": ["read", "write", "predict"], "project_id": project["id"]})
    key.raise_for_status()
    headers = {"Authorization": "Bearer " + key.json()["secret"]}
    mlflow = f"/p/{org['slug']}/{project['slug']}/api/2.0/mlflow"
    run = c.post(f"{mlflow}/runs/create", json={"experiment_id": "0"}, headers=headers).json()["run"]["info"]["run_id"]
    files = [("file", (str(p.relative_to(model_path)), p.read_bytes())) for p in sorted(model_path.rglob("*"))
             if p.is_file()]
    c.post(f"{base}/models", json={"name": "scaled"}).raise_for_status()
    c.post(f"{base}/models/scaled/versions", files=files).raise_for_status()
    c.post(f"{base}/deployments", json={
        "name": "scaled", "environment": "development", "source": {"model": "scaled", "version": 1},
        "config": {"workers": {"min": 1, "max": 1}, "cache": {"enabled": False}}}).raise_for_status()
    return {"headers": headers, "mlflow": mlflow, "run": run, "invocations": f"{base}/deployments/scaled/invocations"}


def wait_serving(replicas: list[Replica], ctx: dict, body: str) -> None:
    """Every replica runs the deployment's worker before the load starts."""
    for r in replicas:
        deadline = time.monotonic() + 180
        while httpx.post(r.url + ctx["invocations"], content=body, timeout=30,
                         headers={**ctx["headers"], "Content-Type": "application/json"}).status_code != 200:
            if time.monotonic() > deadline:
                raise SystemExit(f"the deployment never answered on {r.url}")
            time.sleep(0.3)


def write_bodies(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", default="1,2,3")
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    for tool in ("wrk", "haproxy"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is not installed (apt-get install {tool})")
    pg, redis_url = os.environ.get("CAIRN_TEST_PG_URL"), os.environ.get("CAIRN_TEST_REDIS_URL")
    if not pg or not redis_url:
        sys.exit('needs the test services: scripts/test-services.sh start; eval "$(scripts/test-services.sh env)"')
    root = Path(tempfile.mkdtemp(prefix="cairn-scale-"))
    db = f"bench_scale_{uuid.uuid4().hex[:6]}"
    subprocess.run(["psql", "-X", "-q", "-d", pg, "-c", f'CREATE DATABASE "{db}"'], check=True)
    database_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(pg)._replace(path="/" + db))
    artifacts = os.environ.get("CAIRN_TEST_S3_BUCKET")
    shared = ["--redis-url", redis_url, "--api-key-rate-limit", "1000000000"]
    if artifacts and os.environ.get("CAIRN_TEST_S3_ENDPOINT"):
        shared += ["--artifact-root", f"s3://{artifacts}/bench-scale-{uuid.uuid4().hex[:6]}",
                   "--s3-endpoint-url", os.environ["CAIRN_TEST_S3_ENDPOINT"]]
    else:
        shared += ["--artifact-root", str(root / "artifacts")]
    model_path, x = train(root)
    script = write_bodies(root / "bodies.lua", [LUA])
    counts = [int(n) for n in args.replicas.split(",")]
    results = []
    ctx = None
    try:
        for n in counts:
            replicas = start_replicas(n, root, database_url, shared)
            lb_dir = root / f"lb-{n}"
            lb_dir.mkdir()
            lb = LoadBalancer(replicas, lb_dir).start()
            try:
                if ctx is None:
                    ctx = set_up(replicas[0].url, model_path)
                    rng = np.random.default_rng(1)
                    ingest = write_bodies(root / "ingest.txt", [json.dumps({"run_id": ctx["run"], "metrics": [
                        {"key": f"m{j % 10}", "value": float(v), "timestamp": 1_700_000_000_000 + i * 100 + j,
                         "step": i * 100 + j} for j, v in enumerate(rng.normal(size=100))]}) for i in range(256)])
                    invoke = write_bodies(root / "invoke.txt", [json.dumps(
                        {"dataframe_split": {"columns": FEATURES, "data": [x[i].tolist()]}}) for i in range(256)])
                wait_serving(replicas, ctx, invoke.read_text().splitlines()[0])
                wrk_bodies(lb.url + ctx["mlflow"] + "/runs/log-batch", ctx["headers"], ingest, script, 8, 1)  # warm
                a = wrk_bodies(lb.url + ctx["mlflow"] + "/runs/log-batch", ctx["headers"], ingest, script, 32,
                               args.seconds)
                b = wrk_bodies(lb.url + ctx["invocations"], ctx["headers"], invoke, script, 64, args.seconds)
                results.append((n, a, b))
                print(f"{n} replica(s): ingest {a['rps'] * 100:,.0f} points/s (p99 {a['p99']:.1f} ms, "
                      f"{a['errors']} errors); inference {b['rps']:,.0f} req/s (p50 {b['p50']:.1f} ms, "
                      f"p99 {b['p99']:.1f} ms, {b['errors']} errors)", flush=True)
            finally:
                lb.stop()
                stop(replicas)
    finally:
        subprocess.run(["psql", "-X", "-q", "-d", pg, "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'],
                       check=False)
        shutil.rmtree(root, ignore_errors=True)
    if results:
        first = results[0]
        print(f"\n{os.cpu_count()} cores, every replica on this machine, wrk -t1, {args.seconds:g} s a case")
        for n, a, b in results:
            print(f"  {n} replica(s): ingest x{a['rps'] / max(first[1]['rps'], 1e-9):.2f}, "
                  f"inference x{b['rps'] / max(first[2]['rps'], 1e-9):.2f} against 1 replica")


if __name__ == "__main__":
    main()
