#!/usr/bin/env python3
"""Inference serving, Cairn against `mlflow models serve` and MLServer, same models, same load, one run.

Two models, trained here and saved with mlflow (with a signature): a scikit-learn pipeline
(StandardScaler + LogisticRegression) on 20 numeric features, served by Cairn's `python` runtime
(two worker processes), and an XGBoost classifier on the same features, served by Cairn's in-process
`xgboost` runtime. Each model is served by

  cairn     `cairn serve` (SQLite; also PostgreSQL when CAIRN_TEST_PG_URL is set), the model uploaded,
            registered and deployed through the native API (workers 2/2, batching up to 4,096 rows, 2 ms
            queue delay, response cache off), called with an API key of scope `predict`. Cairn counts
            a batch in rows (Triton's max_batch_size), MLServer in requests: 4,096 rows (Cairn's
            largest) let 40 requests of the 100-row case merge, as MLServer's 64 let it merge them;
  mlflow    `mlflow models serve --env-manager local` with its default workers, from its own venv;
  mlserver  MLServer + mlserver-mlflow with adaptive batching (max_batch_size 64, max_batch_time
            2 ms), its default parallel workers, from its own venv.

The load is wrk (a C client, one thread, keep-alive) with a Lua script that rotates through 256
different request bodies (so no server can answer from a cache): single-row requests at 1, 16 and
64 concurrent connections, and 100-row requests at 16, each for --seconds. On a 2-core machine wrk
shares the cores with the server under test, the same way for every server; it spends far less CPU
per request than any of them. Protocols: MLflow's scoring protocol (`/invocations`,
`dataframe_split`) on all three, and the Open Inference Protocol v2 (`/v2/models/<name>/infer`) on
Cairn and MLServer. Every server's answer for 100 rows is checked against the model's own predict
before its load starts.

Gateway overhead (XGBoost, in-process runtime): Cairn's p50 for a single-row request at 1 connection,
minus the in-process time of xgboost's own Booster.inplace_predict on one row (its lower bound).
What remains is HTTP over loopback both ways, wrk's own time, authentication, validation, batching
and the JSON answer: an upper bound of the gateway's own cost.

Prints a table, the ratios Cairn/peer (throughput; p99 as peer/Cairn, so higher is better for Cairn
in both) and the commands to reproduce. Never fails on a number; a peer that cannot be installed or
started is reported and skipped.

    # peers, each in its own venv (pins in bench/requirements-serving-*.txt), or --install-peers:
    python3 -m venv /tmp/bench-venvs/mlflow && /tmp/bench-venvs/mlflow/bin/pip install -r bench/requirements-serving-mlflow.txt
    python3 -m venv /tmp/bench-venvs/mlserver && /tmp/bench-venvs/mlserver/bin/pip install -r bench/requirements-serving-mlserver.txt
    .venv/bin/python bench/serving.py [--models sklearn,xgboost] [--peers mlflow,mlserver] [--seconds 10] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from bench_support import BINARY as CAIRN, LUA, ROOT, free_port, start_cairn as start_cairn_server
from bench_support import wrk_bodies as wrk

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
BENCH = Path(__file__).resolve().parent
FEATURES = [f"f{i}" for i in range(20)]
# (case name, rows per request, connections)
CASES = [("1 row, 1 client", 1, 1), ("1 row, 16 clients", 1, 16), ("1 row, 64 clients", 1, 64),
         ("100 rows, 16 clients", 100, 16)]
BODIES = 256


# ----------------------------------------------------------------------------- models


def train(workdir: Path, names: list[str]) -> tuple[dict[str, Path], np.ndarray, dict]:
    """Trains and saves the models; returns their directories, the data and the models themselves."""
    import mlflow.sklearn
    import mlflow.xgboost
    import pandas as pd
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(10)
    x = pd.DataFrame(rng.normal(size=(5000, 20)) * rng.uniform(0.5, 20, size=20), columns=FEATURES)
    y = ((x["f0"] / 10 + x["f1"] - x["f2"] / 5 + rng.normal(size=len(x))) > 0).astype(int)
    paths, models = {}, {}
    if "sklearn" in names:
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(x, y)
        paths["sklearn"] = workdir / "sklearn-model"
        mlflow.sklearn.save_model(model, paths["sklearn"], signature=infer_signature(x, model.predict(x)),
                                  serialization_format="cloudpickle")
        models["sklearn"] = model
    if "xgboost" in names:
        import xgboost
        model = xgboost.XGBClassifier(n_estimators=100, max_depth=6, n_jobs=1).fit(x, y)
        paths["xgboost"] = workdir / "xgboost-model"
        mlflow.xgboost.save_model(model, paths["xgboost"], signature=infer_signature(x, model.predict(x)))
        models["xgboost"] = model
    return paths, x, models


def in_process_predict_ms(models: dict, x) -> dict[str, float]:
    """Median time of one single-row predict in this process: xgboost's Booster.inplace_predict (the
    lower bound of any xgboost server), and the sklearn pipeline's predict on a one-row DataFrame."""
    out = {}
    rows = x.to_numpy(dtype=np.float32)
    if "xgboost" in models:
        booster = models["xgboost"].get_booster()
        booster.set_param({"nthread": 1})
        times = []
        for i in range(3000):
            row = rows[i % len(rows)].reshape(1, -1)
            t = time.perf_counter()
            booster.inplace_predict(row)
            times.append(time.perf_counter() - t)
        out["xgboost"] = statistics.median(times[500:]) * 1000
    if "sklearn" in models:
        times = []
        for i in range(1000):
            row = x.iloc[i:i + 1]
            t = time.perf_counter()
            models["sklearn"].predict(row)
            times.append(time.perf_counter() - t)
        out["sklearn"] = statistics.median(times[100:]) * 1000
    return out


def invocation_body(x, start: int, rows: int) -> dict:
    chunk = x.iloc[start:start + rows]
    return {"dataframe_split": {"columns": FEATURES, "data": np.round(chunk.to_numpy(), 5).tolist()}}


def v2_body(x, start: int, rows: int, mlserver: bool) -> dict:
    chunk = x.iloc[start:start + rows]
    body = {"inputs": [{"name": f, "shape": [rows], "datatype": "FP64", "data": np.round(chunk[f].to_numpy(), 5).tolist()}
                       for f in FEATURES]}
    if mlserver:
        body["parameters"] = {"content_type": "pd"}  # MLServer: decode the tensors as a DataFrame's columns
    return body


def write_bodies(workdir: Path, x, tag: str, make) -> dict[int, Path]:
    """One file per row count, one JSON body a line, BODIES different bodies."""
    out = {}
    for rows in sorted({r for _, r, _ in CASES}):
        path = workdir / f"bodies-{tag}-{rows}.jsonl"
        with open(path, "w") as f:
            for i in range(BODIES):
                f.write(json.dumps(make((i * rows) % (len(x) - rows), rows), separators=(",", ":")) + "\n")
        out[rows] = path
    return out


# ----------------------------------------------------------------------------- load


# ----------------------------------------------------------------------------- servers


@dataclass
class Endpoint:
    """One way to call one model on one server."""
    server: str
    protocol: str  # invocations | v2
    url: str
    headers: dict
    bodies: dict[int, Path]
    answer: callable  # response JSON -> list of predictions


@dataclass
class Served:
    server: str
    endpoints: list[Endpoint] = field(default_factory=list)
    stop: callable = lambda: None
    note: str = ""


def predictions_from_invocations(body: dict) -> list:
    p = body["predictions"]
    return [v if not isinstance(v, dict) else next(iter(v.values())) for v in p]


def predictions_from_v2(body: dict) -> list:
    return list(body["outputs"][0]["data"])


def kill_group(proc: subprocess.Popen) -> None:
    """Stops a server we started in its own session, with its workers."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with code {proc.returncode}: {tail(log)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready after {timeout:.0f} s: {tail(log)}")


def tail(log: Path) -> str:
    """The last error line of a log (a traceback's last line), else its last line."""
    try:
        lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    errors = [line for line in lines if line.split(":", 1)[0].endswith(("Error", "Exception", "Exit"))]
    return (errors or lines or [""])[-1][:500]


def peer_env(venv: Path) -> dict:
    """A peer runs from its venv: its bin first on PATH (mlflow execs `uvicorn`), no telemetry."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "PATH": f"{venv / 'bin'}:{env.get('PATH', '')}", "VIRTUAL_ENV": str(venv),
            "MLFLOW_DISABLE_TELEMETRY": "true"}


class CairnServer:
    def __init__(self, database: str, workdir: Path):
        self.workdir = workdir
        self.database = database
        self.pg_db = None
        if database == "sqlite":
            url = f"sqlite://{workdir}/c.db"
        else:
            base = os.environ["CAIRN_TEST_PG_URL"]
            self.pg_db = f"bench_serving_{uuid.uuid4().hex[:6]}"
            subprocess.run(["psql", "-X", "-q", "-d", base, "-c", f'CREATE DATABASE "{self.pg_db}"'], check=True)
            url = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path="/" + self.pg_db))
        self.proc, self.url = start_cairn_server(workdir, ["--database-url", url, "--api-key-rate-limit", "1000000000"])
        c = self.client = httpx.Client(base_url=self.url, timeout=120)
        pair = c.post("/api/v1/auth/signup", json={"email": f"bench-{uuid.uuid4().hex[:8]}@example.com",
                                                    "password": "bench-password", "name": "Bench"}).json()
        c.headers["Authorization"] = "Bearer " + pair["access_token"]
        org = c.post("/api/v1/orgs", json={"name": "Bench"}).json()
        project = c.post(f"/api/v1/orgs/{org['id']}/projects", json={"name": "Serving"}).json()
        self.base = f"/api/v1/orgs/{org['id']}/projects/{project['id']}"
        key = c.post(f"/api/v1/orgs/{org['id']}/api-keys",
                     json={"name": "bench", "scopes": ["predict"], "project_id": project["id"]})
        key.raise_for_status()
        self.key_headers = {"Authorization": "Bearer " + key.json()["secret"]}

    def serve(self, model: str, path: Path, x, *, queue_delay_ms: int = 2, suffix: str = "api") -> Served:
        c = self.client
        if c.get(f"{self.base}/models/{model}").status_code == 404:
            files = [("file", (str(p.relative_to(path)), p.read_bytes())) for p in sorted(path.rglob("*")) if p.is_file()]
            c.post(f"{self.base}/models", json={"name": model}).raise_for_status()
            c.post(f"{self.base}/models/{model}/versions", files=files).raise_for_status()
        name = f"{model}-{suffix}"
        r = c.post(f"{self.base}/deployments", json={
            "name": name, "environment": "development", "source": {"model": model, "version": 1},
            "config": {"workers": {"min": 2, "max": 2},
                       # Rows, not requests (MLServer's unit): room for many 100-row requests.
                       "batching": {"max_batch_size": 4096, "max_queue_delay_ms": queue_delay_ms},
                       "cache": {"enabled": False}}})
        r.raise_for_status()
        deadline = time.monotonic() + 180
        while True:
            d = c.get(f"{self.base}/deployments/{name}").json()
            state = d["status"]["state"]
            if state == "healthy":
                break
            if state == "failed" or time.monotonic() > deadline:
                logs = c.get(f"{self.base}/deployments/{name}/logs").text[-1500:]
                raise RuntimeError(f"deployment {name} is {d['status']}: {logs}")
            time.sleep(0.2)
        runtime = d.get("config", {}).get("runtime", "?")
        pids = [w.get("pid") for w in d["status"].get("workers", [])]
        where = "in process" if pids and all(p == 0 for p in pids) else f"{len(pids)} worker processes"
        served = Served(f"cairn-{self.database}", note=f"runtime {runtime}, {where}")
        served.endpoints.append(Endpoint(
            served.server, "invocations", f"{self.url}{self.base}/deployments/{name}/invocations", self.key_headers,
            write_bodies(self.workdir, x, f"{model}-inv", lambda s, n: invocation_body(x, s, n)),
            predictions_from_invocations))
        served.endpoints.append(Endpoint(
            served.server, "v2", f"{self.url}/v2/models/{d['endpoint_name']}/infer", self.key_headers,
            write_bodies(self.workdir, x, f"{model}-v2", lambda s, n: v2_body(x, s, n, False)),
            predictions_from_v2))
        served.stop = lambda: c.delete(f"{self.base}/deployments/{name}")
        return served

    def overhead(self, model: str, path: Path, x, script: Path, seconds: float) -> dict:
        """p50 of single-row invocations at 1 connection on a deployment without a queue delay (a lone
        request is not held for a batch), and p50 of GET /healthz at 1 connection: the floor of an
        HTTP round trip over loopback with wrk, without authentication or a model."""
        served = self.serve(model, path, x, queue_delay_ms=0, suffix="nodelay")
        try:
            ep = served.endpoints[0]
            wrk(ep.url, ep.headers, ep.bodies[1], script, 1, 1)
            call = wrk(ep.url, ep.headers, ep.bodies[1], script, 1, seconds)
        finally:
            served.stop()
        health = subprocess.run(["wrk", "-t1", "-c1", f"-d{max(1, round(seconds))}s", "--latency",
                                 self.url + "/healthz"], capture_output=True, text=True).stdout
        import re
        m = re.search(r"\b50%\s+([\d.]+)(us|ms|s)\b", health)
        floor = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else float("nan")
        return {"p50": call["p50"], "p99": call["p99"], "errors": call["errors"], "healthz_p50": floor}

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.pg_db:
            subprocess.run(["psql", "-X", "-q", "-d", os.environ["CAIRN_TEST_PG_URL"], "-c",
                            f'DROP DATABASE IF EXISTS "{self.pg_db}" WITH (FORCE)'], check=False)


def serve_mlflow(venv: Path, path: Path, x, workdir: Path) -> Served:
    exe = venv / "bin" / "mlflow"
    if not exe.exists():
        raise RuntimeError(f"no {exe}: python3 -m venv {venv} && {venv}/bin/pip install -r "
                           f"bench/requirements-serving-mlflow.txt (or --install-peers)")
    port = free_port()
    log = workdir / f"mlflow-{path.name}.log"
    proc = subprocess.Popen([str(exe), "models", "serve", "-m", str(path), "--env-manager", "local",
                             "-h", "127.0.0.1", "-p", str(port)],
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True,
                            env=peer_env(venv))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/ping", proc, log)
    except BaseException:
        kill_group(proc)
        raise
    served = Served("mlflow", stop=lambda: kill_group(proc), note="default workers")
    served.endpoints.append(Endpoint(
        "mlflow", "invocations", url + "/invocations", {},
        write_bodies(workdir, x, f"{path.name}-inv", lambda s, n: invocation_body(x, s, n)),
        predictions_from_invocations))
    return served


def serve_mlserver(venv: Path, path: Path, x, workdir: Path) -> Served:
    exe = venv / "bin" / "mlserver"
    if not exe.exists():
        raise RuntimeError(f"no {exe}: python3 -m venv {venv} && {venv}/bin/pip install -r "
                           f"bench/requirements-serving-mlserver.txt (or --install-peers)")
    folder = workdir / f"mlserver-{path.name}"
    folder.mkdir()
    port = free_port()
    (folder / "settings.json").write_text(json.dumps({
        "host": "127.0.0.1", "http_port": port, "grpc_port": free_port(), "metrics_port": free_port()}))
    (folder / "model-settings.json").write_text(json.dumps({
        "name": "model", "implementation": "mlserver_mlflow.MLflowRuntime",
        "parameters": {"uri": str(path)}, "max_batch_size": 64, "max_batch_time": 0.002}))
    log = workdir / f"mlserver-{path.name}.log"
    proc = subprocess.Popen([str(exe), "start", str(folder)], stdout=open(log, "wb"), stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=folder, env=peer_env(venv))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/v2/models/model/ready", proc, log)
    except BaseException:
        kill_group(proc)
        raise
    served = Served("mlserver", stop=lambda: kill_group(proc), note="adaptive batching 64 / 2 ms, default workers")
    served.endpoints.append(Endpoint(
        "mlserver", "invocations", url + "/invocations", {},
        write_bodies(workdir, x, f"mls-{path.name}-inv", lambda s, n: invocation_body(x, s, n)),
        predictions_from_invocations))
    served.endpoints.append(Endpoint(
        "mlserver", "v2", url + "/v2/models/model/infer", {},
        write_bodies(workdir, x, f"mls-{path.name}-v2", lambda s, n: v2_body(x, s, n, True)),
        predictions_from_v2))
    return served


def drain(ep: Endpoint, timeout: float = 120) -> None:
    """Waits until the server answers a single request again: a server still working through the
    queue of the previous case (wrk does not wait for answers in flight) would start the next case
    behind."""
    body = ep.bodies[1].read_text().split("\n", 1)[0]
    try:
        httpx.post(ep.url, content=body, headers={"Content-Type": "application/json", **ep.headers}, timeout=timeout)
    except httpx.HTTPError:
        pass


def check_answer(ep: Endpoint, expected: list) -> str | None:
    """None when the endpoint answers the first body of 100 rows with the model's own predictions."""
    body = ep.bodies[100].read_text().split("\n", 1)[0]
    try:
        r = httpx.post(ep.url, content=body, headers={"Content-Type": "application/json", **ep.headers}, timeout=60)
    except httpx.HTTPError as e:
        return f"{type(e).__name__}: {e}"
    if r.status_code != 200:
        return f"HTTP {r.status_code}: {r.text[:300]}"
    try:
        got = [int(round(float(v))) for v in ep.answer(r.json())]
    except (KeyError, IndexError, TypeError, ValueError) as e:
        return f"unexpected answer ({e}): {r.text[:300]}"
    if got != expected:
        return f"answers differ from the model's predict in {sum(a != b for a, b in zip(got, expected))} of 100 rows"
    return None


# ----------------------------------------------------------------------------- peers' venvs


def install_peer(name: str, venv: Path) -> None:
    req = BENCH / f"requirements-serving-{name}.txt"
    print(f"installing {name} into {venv} from {req.relative_to(ROOT)}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", str(req)], check=True)


def peer_version(venv: Path, package: str) -> str:
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          f"import importlib.metadata as m; print(m.version('{package}'))"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="sklearn,xgboost")
    parser.add_argument("--peers", default="mlflow,mlserver")
    parser.add_argument("--protocols", default="invocations,v2")
    parser.add_argument("--databases", default="sqlite,postgres" if os.environ.get("CAIRN_TEST_PG_URL") else "sqlite",
                        help="Cairn's database(s); postgres needs CAIRN_TEST_PG_URL")
    parser.add_argument("--seconds", type=float, default=10, help="duration of each case")
    parser.add_argument("--quick", action="store_true", help="2 s a case: a smoke run, not figures")
    parser.add_argument("--venvs", type=Path, default=Path(os.environ.get("BENCH_VENVS", "/tmp/bench-venvs")))
    parser.add_argument("--install-peers", action="store_true", help="create the peers' venvs when missing")
    args = parser.parse_args()
    seconds = 2 if args.quick else args.seconds
    warmup = 1 if args.quick else 3
    models = [m for m in args.models.split(",") if m]
    peers = [p for p in args.peers.split(",") if p]
    protocols = set(args.protocols.split(","))
    databases = [d for d in args.databases.split(",") if d]
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    if "postgres" in databases and not os.environ.get("CAIRN_TEST_PG_URL"):
        sys.exit("--databases postgres needs CAIRN_TEST_PG_URL (scripts/test-services.sh env)")
    if not CAIRN.exists():
        sys.exit(f"no {CAIRN}: build it (make) or set CAIRN_BIN")
    venvs = {p: args.venvs / p for p in peers}
    if args.install_peers:
        for p, venv in venvs.items():
            if not (venv / "bin" / p).exists():
                try:
                    install_peer(p, venv)
                except subprocess.CalledProcessError as e:
                    print(f"{p}: could not be installed ({e}); carrying on without it", flush=True)

    versions = {"mlflow": lambda v: "mlflow " + peer_version(v, "mlflow"),
                "mlserver": lambda v: f"mlserver {peer_version(v, 'mlserver')} + mlserver-mlflow "
                                      f"{peer_version(v, 'mlserver-mlflow')}"}
    print(f"Cairn {CAIRN} ({', '.join(databases)}); peers: " +
          ", ".join(versions[p](v) if (v / "bin" / p).exists() else f"{p} (not installed)" for p, v in venvs.items()) +
          f"; {os.cpu_count()} cores, loopback, wrk -t1, {seconds:g} s a case" + (" (--quick: a smoke run)" if args.quick else ""),
          flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    results: list[dict] = []  # model, case, server, protocol, rps, p50, p99, errors
    problems: list[str] = []
    overheads: dict[str, dict] = {}  # database -> figures of CairnServer.overhead
    inproc: dict[str, float] = {}
    try:
        paths, x, trained = train(workdir, models)
        own = {m: [int(v) for v in trained[m].predict(x.iloc[0:100])] for m in models}
        inproc = in_process_predict_ms(trained, x)
        for m, ms in inproc.items():
            what = "Booster.inplace_predict" if m == "xgboost" else "pipeline.predict on a DataFrame"
            print(f"in-process single-row predict, {m} ({what}): p50 {ms * 1000:.1f} us", flush=True)
        del trained

        cairns = []
        for db in databases:
            d = workdir / f"cairn-{db}"
            d.mkdir()
            try:
                cairns.append(CairnServer(db, d))
            except Exception as e:  # noqa: BLE001 - say why, carry on
                problems.append(f"cairn-{db}: did not start: {e}")
                print(problems[-1], flush=True)

        starters = [(f"cairn-{c.database}", lambda m, p, c=c: c.serve(m, p, x)) for c in cairns]
        for p in peers:
            starter = {"mlflow": serve_mlflow, "mlserver": serve_mlserver}.get(p)
            if starter is None:
                problems.append(f"{p}: unknown peer")
                continue
            starters.append((p, lambda m, path, s=starter, v=venvs[p]: s(v, path, x, workdir)))

        script = workdir / "bodies.lua"
        script.write_text(LUA)
        for model in models:
            for name, start in starters:
                try:
                    served = start(model, paths[model])
                except Exception as e:  # noqa: BLE001 - a peer that cannot start is reported, not fatal
                    problems.append(f"{name} / {model}: could not serve: {e}")
                    print(problems[-1], flush=True)
                    continue
                try:
                    print(f"{model}: {name} serving ({served.note})", flush=True)
                    for ep in served.endpoints:
                        if ep.protocol not in protocols:
                            continue
                        wrong = check_answer(ep, own[model])
                        if wrong:
                            problems.append(f"{name} / {model} / {ep.protocol}: skipped, {wrong}")
                            print(problems[-1], flush=True)
                            continue
                        wrk(ep.url, ep.headers, ep.bodies[1], script, 16, warmup)  # warm up
                        for case, rows, conns in CASES:
                            drain(ep)
                            r = wrk(ep.url, ep.headers, ep.bodies[rows], script, conns, seconds)
                            results.append({"model": model, "case": case, "server": name, "protocol": ep.protocol, **r})
                            print(f"  {model:8} {case:21} {name:13} {ep.protocol:11} {r['rps']:9,.0f} req/s"
                                  f"  p50 {r['p50']:8.2f} ms  p99 {r['p99']:8.2f} ms"
                                  + (f"  errors {r['errors']}" if r["errors"] else ""), flush=True)
                finally:
                    served.stop()
            if model == "xgboost":
                for c in cairns:
                    try:
                        overheads[c.database] = c.overhead(model, paths[model], x, script, seconds)
                    except Exception as e:  # noqa: BLE001
                        problems.append(f"cairn-{c.database}: gateway overhead not measured: {e}")
        for c in cairns:
            c.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    report(results, inproc, overheads, models, problems, args, seconds)


def report(results: list[dict], inproc: dict, overheads: dict, models: list[str], problems: list[str], args, seconds: float) -> None:
    if not results:
        print("\nno figures")
    else:
        print(f"\n{'model':8} {'case':21} {'server':13} {'protocol':11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
              f" {'errors':>6}   {'req/s':>7}  {'p99':>7}")
        print(f"{'':91}  cairn/peer peer/cairn")
        for r in results:
            ratio = ""
            if not r["server"].startswith("cairn"):
                ref = next((c for c in results if c["server"].startswith("cairn") and c["model"] == r["model"]
                            and c["case"] == r["case"] and c["protocol"] == r["protocol"]), None)
                if ref and r["rps"] and r["p99"] and ref["p99"]:
                    ratio = f"   {ref['rps'] / r['rps']:7.1f}x {r['p99'] / ref['p99']:7.1f}x"
                elif not r["rps"]:
                    ratio = "   no answer within the case"
            print(f"{r['model']:8} {r['case']:21} {r['server']:13} {r['protocol']:11} {r['rps']:9,.0f}"
                  f" {r['p50']:8.2f} {r['p99']:8.2f} {r['errors']:6}{ratio}")
        print("(ratios against Cairn on the same model, case and protocol, its first database; above 1 is better"
              " for Cairn in both columns; aim at 64 clients: req/s >= 10x mlflow and >= 2x mlserver, p99 above 1)")
    for db, o in overheads.items():
        ref = next((r for r in results if r["server"] == f"cairn-{db}" and r["model"] == "xgboost"
                    and r["case"] == CASES[0][0] and r["protocol"] == "invocations"), None)
        predict = inproc.get("xgboost", float("nan"))
        print(f"\ngateway overhead, xgboost on the in-process runtime, cairn-{db}, 1 row at 1 client:")
        print(f"  p50 {o['p50']:.3f} ms (p99 {o['p99']:.3f}) without queue delay"
              + (f"; {ref['p50']:.3f} ms with the 2 ms batching delay above" if ref else ""))
        print(f"  - Booster.inplace_predict in Python, one row: {predict:.3f} ms"
              f"  = {o['p50'] - predict:.3f} ms (aim <= 0.2 ms)")
        print(f"  of which an HTTP round trip with wrk over loopback (GET /healthz p50): {o['healthz_p50']:.3f} ms,"
              f" leaving {o['p50'] - predict - o['healthz_p50']:.3f} ms for authentication, parsing, validation,"
              " dispatch and the JSON answer")
        print("  (inplace_predict includes Python's call overhead, which the C API in the server does not pay,"
              " so the subtraction slightly flatters the gateway; HTTP and wrk's own time are in it, which"
              " counts against it)")
    if problems:
        print("\nnot measured:")
        for p in problems:
            print("  " + p)
    quick = " --quick" if args.quick else f" --seconds {seconds:g}"
    print("\nreproduce:")
    print("  python3 -m venv /tmp/bench-venvs/mlflow && /tmp/bench-venvs/mlflow/bin/pip install -r bench/requirements-serving-mlflow.txt")
    print("  python3 -m venv /tmp/bench-venvs/mlserver && /tmp/bench-venvs/mlserver/bin/pip install -r bench/requirements-serving-mlserver.txt")
    print("  make  # build/cairn; or CAIRN_BIN=/path/to/cairn")
    print("  scripts/test-services.sh start && eval \"$(scripts/test-services.sh env)\"  # optional: Cairn on PostgreSQL too")
    print(f"  .venv/bin/python bench/serving.py --models {','.join(models)} --peers {args.peers}{quick}")


if __name__ == "__main__":
    main()
