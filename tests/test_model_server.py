"""`cairn serve-model`, the one-deployment model server the Kubernetes target runs, end to end: it is
started as the rendered pod would start it (the deployment's ConfigMap as its environment, an API
key as CAIRN_TOKEN), fetches a registered scikit-learn model from the test's Cairn server, and
answers MLflow's scoring protocol, the Open Inference Protocol v2 (the stock tritonclient) and
/metrics only to callers Cairn says may predict. One model server per module, reused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
import yaml

from deployment_support import FEATURES, split, triton_inputs
from helpers import expect_error, expect_json, free_port, project_path, require_cairn_bin, uid, wait_until

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

class ModelServer:
    """One `cairn serve-model` process and its log."""

    def __init__(self, env: dict, deployment: str, work_dir: Path, log_path: Path):
        self.env, self.deployment, self.work_dir, self.log_path = env, deployment, work_dir, log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._overrides: dict = {}
        self._rebinds = 0

    def start(self, **env_overrides) -> "ModelServer":
        self._overrides = env_overrides
        env = {**os.environ, **self.env, **env_overrides}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(require_cairn_bin()), "serve-model", "--cairn-url", env["CAIRN_URL"], "--deployment",
                 self.deployment, "--port", str(self.port), "--work-dir", str(self.work_dir)],
                env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def _rebind(self) -> bool:
        """Another process took the free port between free_port() and serve-model's bind (the suites run
        in parallel): start again on a new port, at most three times."""
        refused = self.log_path.read_text(errors="replace").count("Address already in use")
        if refused <= self._rebinds or self._rebinds >= 3:
            return False
        self._rebinds += 1
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.start(**self._overrides)
        return True

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if self.proc.poll() is not None and self._rebind():
                return False
            assert self.proc.poll() is None, f"serve-model exited with {self.proc.returncode}:\n{self.log()}"
            try:
                return httpx.get(self.url + "/v2/health/ready", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(ready, timeout=timeout, interval=0.1, what="serve-model ready")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def log(self, tail: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def sklearn_model(tmp_path_factory):
    import mlflow.sklearn
    import pandas as pd
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(11)
    x = pd.DataFrame(rng.normal(size=(100, 4)), columns=FEATURES)
    y = (x["f0"] - x["f2"] > 0).astype(int)
    model = LogisticRegression().fit(x, y)
    path = tmp_path_factory.mktemp("ms-model") / "model"
    mlflow.sklearn.save_model(model, path, signature=infer_signature(x, model.predict(x)),
                              serialization_format="cloudpickle")
    return model, path, x


@pytest.fixture(scope="module")
def setup(module_cairn, server, sklearn_model, tmp_path_factory):
    """A project with the model registered and deployed on the kubernetes target, its ConfigMap,
    the keys the tests call with, and a started model server."""
    cairn = module_cairn
    model, path, x = sklearn_model
    user = cairn.signup()
    org = cairn.make_org(user)
    project = cairn.make_project(user, org)
    base = project_path(org, project)
    expect_json(user.client.post(f"{base}/models", json={"name": "scorer"}), 201)
    files = [("file", (str(p.relative_to(path)), p.read_bytes())) for p in path.rglob("*") if p.is_file()]
    expect_json(user.client.post(f"{base}/models/scorer/versions", files=files), 201)
    name = f"ms-{uid(6)}"
    expect_json(user.client.post(f"{base}/deployments", json={
        "name": name, "environment": "development", "target": "kubernetes",
        "source": {"model": "scorer", "version": 1}, "config": {"max_rows": 50, "sampling_rate": 1.0}}), 201)
    manifests = user.client.get(f"{base}/deployments/{name}/manifests")
    assert manifests.status_code == 200, manifests.text
    docs = {doc["kind"]: doc for doc in yaml.safe_load_all(manifests.text) if doc}
    config_map = docs["ConfigMap"]["data"]
    args = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]["args"]
    deployment = args[args.index("--deployment") + 1]

    # The pod's key reads the model and reports its requests (`monitor`); callers need `predict`.
    model_key = cairn.make_key(user, org, scopes=["read", "monitor"])
    env = {**config_map, "CAIRN_TOKEN": model_key["secret"], "CAIRN_PYTHON": sys.executable,
           "CAIRN_LOG_LEVEL": "info"}
    work_dir = tmp_path_factory.mktemp("ms-work")
    ms = ModelServer(env, deployment, work_dir, work_dir.parent / f"{work_dir.name}.log").start()
    try:
        ms.wait_ready()
    except AssertionError:
        ms.stop()
        raise

    other_user = cairn.signup()
    other_org = cairn.make_org(other_user)
    yield {
        "cairn": cairn, "user": user, "org": org, "base": base, "name": name, "model": model, "x": x,
        "config_map": config_map, "deployment": deployment, "server": ms,
        "predict_key": cairn.make_key(user, org, scopes=["predict"])["secret"],
        "read_key": model_key["secret"],
        "other_org_key": cairn.make_key(other_user, other_org, scopes=["read", "predict"])["secret"],
    }
    ms.stop()


def test_the_configmap_names_the_deployment_the_model_server_serves(setup):
    cm = setup["config_map"]
    assert cm["CAIRN_MODEL"] == "scorer" and cm["CAIRN_MODEL_VERSION"] == "1" and cm["CAIRN_MAX_ROWS"] == "50"
    assert setup["deployment"].endswith("/" + setup["name"])


def test_predictions_through_both_protocols_equal_the_models_own(setup):
    ms, model, x = setup["server"], setup["model"], setup["x"]
    expected = model.predict(x.iloc[:10]).tolist()
    with ms.client(setup["predict_key"]) as c:
        assert expect_json(c.post("/invocations", json=split(x.iloc[:10]))) == {"predictions": expected}
        csv = x.iloc[:4].to_csv(index=False)
        resp = c.post("/invocations", content=csv, headers={"Content-Type": "text/csv"})
        assert expect_json(resp) == {"predictions": expected[:4]}
        assert c.get("/ping").status_code == 200 and c.get("/health").status_code == 200

        endpoint = setup["config_map"]["CAIRN_ENDPOINT_NAME"]
        meta = expect_json(c.get(f"/v2/models/{endpoint}"))
        assert meta["name"] == endpoint and meta["versions"] == ["1"]
        assert [i["name"] for i in meta["inputs"]] == FEATURES
        assert expect_json(c.get(f"/v2/models/{endpoint}/versions/1/ready"))["ready"] is True
        expect_json(c.get(f"/v2/models/{endpoint}/versions/7/ready"), 404)
        expect_json(c.get("/v2/models/someone-else/ready"), 404)

    import tritonclient.http as triton
    headers = {"Authorization": f"Bearer {setup['predict_key']}"}
    with triton.InferenceServerClient(url=ms.url.removeprefix("http://")) as tc:
        assert tc.is_server_live() and tc.is_server_ready() and tc.is_model_ready(endpoint, headers=headers)
        inputs = triton_inputs(x, 6)
        result = tc.infer(endpoint, inputs, headers=headers)
        output = result.get_response()["outputs"][0]["name"]
        assert result.as_numpy(output).ravel().astype(int).tolist() == expected[:6]
        result = tc.infer(endpoint, inputs, model_version="1", headers=headers)
        assert result.as_numpy(output).ravel().astype(int).tolist() == expected[:6]


def test_only_callers_cairn_lets_predict_are_answered(setup):
    ms, x = setup["server"], setup["x"]
    body = split(x.iloc[:2])
    endpoint = setup["config_map"]["CAIRN_ENDPOINT_NAME"]
    with ms.client() as anonymous:
        resp = anonymous.post("/invocations", json=body)
        assert resp.status_code == 401 and resp.json()["error_code"] == "UNAUTHENTICATED", resp.text
        resp = anonymous.post(f"/v2/models/{endpoint}/infer", json={"inputs": []})
        assert resp.status_code == 401 and "error" in resp.json()
        assert anonymous.get("/metrics").status_code == 401
        # The probes stay open.
        assert anonymous.get("/v2/health/live").json() == {"live": True}
        assert anonymous.get("/v2/health/ready").json() == {"ready": True}
    with ms.client("cairn_not-a-real-key") as bogus:
        assert bogus.post("/invocations", json=body).status_code == 401
    with ms.client(setup["read_key"]) as reader:
        resp = reader.post("/invocations", json=body)
        assert resp.status_code == 403 and "predict" in resp.json()["message"], resp.text
        resp = reader.get(f"/v2/models/{endpoint}")
        assert resp.status_code == 403 and "predict" in resp.json()["error"], resp.text
    with ms.client(setup["other_org_key"]) as stranger:
        resp = stranger.post("/invocations", json=body)
        assert resp.status_code in (403, 404), resp.text
        assert setup["name"] not in resp.text and "scorer" not in resp.text
    # The same questions asked of Cairn directly.
    cairn, base, name = setup["cairn"], setup["base"], setup["name"]
    allowed = expect_json(cairn.client(setup["predict_key"]).get(f"{base}/deployments/{name}/access"))
    assert allowed["predict"] is True and allowed["principal"].startswith("key:")
    assert expect_json(cairn.client(setup["read_key"]).get(f"{base}/deployments/{name}/access"))["predict"] is False
    expect_error(cairn.client(setup["other_org_key"]).get(f"{base}/deployments/{name}/access"), 404)
    expect_error(cairn.client().get(f"{base}/deployments/{name}/access"), 401)


def test_bad_input_answers_400_naming_the_column(setup):
    ms, x = setup["server"], setup["x"]
    endpoint = setup["config_map"]["CAIRN_ENDPOINT_NAME"]
    with ms.client(setup["predict_key"]) as c:
        resp = c.post("/invocations", json={"dataframe_split": {"columns": ["f0"], "data": [[1.0]]}})
        assert resp.status_code == 400 and "f1" in resp.json()["message"], resp.text
        records = [{"f0": "abc", "f1": 1.0, "f2": 1.0, "f3": 1.0}]
        resp = c.post("/invocations", json={"dataframe_records": records})
        assert resp.status_code == 400 and "f0" in resp.text, resp.text
        resp = c.post("/invocations", json=split(x.iloc[:51]))  # CAIRN_MAX_ROWS is 50
        assert resp.status_code == 400, resp.text
        resp = c.post(f"/v2/models/{endpoint}/infer",
                      json={"inputs": [{"name": "f0", "shape": [1], "datatype": "FP64", "data": [1.0]}]})
        # As Cairn's own gateway answers it: a well-formed request that breaks the signature.
        assert resp.status_code == 422 and resp.json()["error"].startswith("inputs.f1:"), resp.text


def test_metrics_count_predictions_workers_and_requests_in_flight(setup):
    with setup["server"].client(setup["predict_key"]) as c:
        c.post("/invocations", json=split(setup["x"].iloc[:1]))
        text = c.get("/metrics").text
    assert 'cairn_model_server_requests_total{protocol="mlflow",status="200"}' in text
    assert 'cairn_model_server_request_duration_seconds_bucket{protocol="mlflow",le="+Inf"}' in text
    assert "cairn_deployment_in_flight_requests 0" in text
    assert 'cairn_model_server_workers{state="ready"} 1' in text


def _service_totals(setup) -> dict:
    base, name, user = setup["base"], setup["name"], setup["user"]
    monitor = expect_json(user.client.get(f"{base}/deployments/{name}/monitor"))["name"]
    return expect_json(user.client.get(f"{base}/monitors/{monitor}/service"))["total"]


def test_the_pods_requests_reach_cairns_monitoring_and_statistics(setup):
    """What the model server answered is reported to Cairn: the monitor's service health (requests,
    the refused ones), the kept records of the sampled requests under their request ids, and the
    deployment's stats."""
    ms, x, user, base, name = setup["server"], setup["x"], setup["user"], setup["base"], setup["name"]
    monitor = expect_json(user.client.get(f"{base}/deployments/{name}/monitor"))["name"]
    endpoint = setup["config_map"]["CAIRN_ENDPOINT_NAME"]
    run = uid(6)
    with ms.client(setup["predict_key"]) as c:
        for i, start in enumerate((0, 5, 10)):
            expect_json(c.post("/invocations", json=split(x.iloc[start:start + 5]),
                               headers={"Cache-Control": "no-cache", "X-Request-Id": f"{run}-{i}"}))
        v2_inputs = [{"name": f, "shape": [2], "datatype": "FP64", "data": x[f].iloc[:2].tolist()} for f in FEATURES]
        c.post(f"/v2/models/{endpoint}/infer", json={"inputs": v2_inputs},
               headers={"X-Request-Id": f"{run}-v2"}).raise_for_status()
        resp = c.post("/invocations", json={"dataframe_records": [{"f0": "abc", "f1": 1.0, "f2": 1.0, "f3": 1.0}]})
        assert resp.status_code == 400
    seen = {}

    def reported():
        records = expect_json(user.client.get(f"{base}/monitors/{monitor}/records", params={"limit": 10_000}))
        seen["ids"] = {r["id"] for r in records["records"] if r["id"].startswith(run)}
        return len(seen["ids"]) == 17

    wait_until(reported, timeout=30, interval=0.5, what="the pod's sampled requests kept in Cairn")
    assert {f"{run}-0/{row}" for row in range(5)} | {f"{run}-v2/0", f"{run}-v2/1"} <= seen["ids"]

    def profiled():  # the monitoring statistics are flushed every few seconds
        seen["total"] = expect_json(user.client.get(f"{base}/monitors/{monitor}/service"))["total"]
        return seen["total"]["requests"] >= 5 and seen["total"]["errors"] >= 1

    wait_until(profiled, timeout=30, interval=0.5, what="the pod's requests in the service health")
    stats = expect_json(user.client.get(f"{base}/deployments/{name}/stats"))
    assert stats["totals"]["requests"] >= 4
    metrics = ms.client(setup["predict_key"]).get("/metrics").text
    assert "cairn_inference_records_written_total" in metrics


def test_the_request_records_route_checks_who_reports_and_what(setup):
    cairn, base, name = setup["cairn"], setup["base"], setup["name"]
    path = f"{base}/deployments/{name}/request-records"
    good = {"request_id": "r-1", "revision": 1, "at": int(time.time() * 1000), "latency_ms": 2.5, "status": 200,
            "rows": 1, "cache_hit": False, "principal": "key:0123abcd", "inputs": [{"f0": 1.0, "f1": 2.0, "f2": 3.0,
                                                                                "f3": 4.0}], "outputs": [1]}
    pod = cairn.client(setup["read_key"])
    assert expect_json(pod.post(path, json={"records": [good]}), 202) == {"accepted": 1}
    # Only the `monitor` scope (or a member's session) may report; callers that may only predict may not.
    expect_error(cairn.client(setup["predict_key"]).post(path, json={"records": [good]}), 403)
    expect_error(cairn.client(setup["other_org_key"]).post(path, json={"records": [good]}), 404)
    expect_error(cairn.client().post(path, json={"records": [good]}), 401)
    for field, value in (("revision", 99), ("revision", 0), ("status", 700), ("latency_ms", -1),
                         ("at", 10**15), ("request_id", "a b"), ("principal", "root"), ("inputs", [1, 2]),
                         ("rows", -1), ("cache_hit", "yes")):
        expect_error(pod.post(path, json={"records": [{**good, field: value}]}), 422, field=f"records[0].{field}")
    expect_error(pod.post(path, json={"records": [{**good, "deployment_id": "x"}]}), 422,
                 field="records[0].deployment_id")
    expect_error(pod.post(path, json={"records": []}), 422, field="records")
    expect_error(pod.post(path, json={"records": [good] * 1001}), 422, field="records")
    expect_error(pod.post(path, content=b"{not json", headers={"Content-Type": "application/json"}), 400)
    no_inputs = {k: v for k, v in good.items() if k != "inputs"}
    expect_error(pod.post(path, json={"records": [no_inputs]}), 422, field="records[0].outputs")


def test_the_pod_applies_the_deployments_rate_limit(setup, tmp_path):
    """The ConfigMap carries the deployment's rate limit; each pod answers 429 with Retry-After beyond it."""
    ms = ModelServer(setup["server"].env, setup["deployment"], tmp_path / "work", tmp_path / "ms.log")
    ms.start(CAIRN_RATE_LIMIT_PER_SECOND="0.5", CAIRN_RATE_LIMIT_BURST="2")
    try:
        ms.wait_ready()
        body = split(setup["x"].iloc[:1])
        with ms.client(setup["predict_key"]) as c:
            statuses = [c.post("/invocations", json=body).status_code for _ in range(2)]
            limited = c.post("/invocations", json=body)
            endpoint = setup["config_map"]["CAIRN_ENDPOINT_NAME"]
            v2 = c.post(f"/v2/models/{endpoint}/infer", json={"inputs": []})
        assert statuses == [200, 200]
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1, limited.text
        assert limited.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED" and "rate limit" in limited.json()["message"]
        assert v2.status_code == 429 and "rate limit" in v2.json()["error"]
    finally:
        assert ms.stop() == 0, ms.log()


def test_invalid_settings_exit_2_naming_the_variable(setup, tmp_path):
    env = {**os.environ, **setup["server"].env, "CAIRN_MAX_BATCH_SIZE": "big"}
    cmd = [str(require_cairn_bin()), "serve-model", "--deployment", setup["deployment"], "--port", str(free_port()),
           "--work-dir", str(tmp_path)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "CAIRN_MAX_BATCH_SIZE" in done.stdout + done.stderr, done
    env = {**os.environ, **setup["server"].env, "CAIRN_SAMPLING_RATE": "2"}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "CAIRN_SAMPLING_RATE" in done.stdout + done.stderr, done


def test_a_token_cairn_refuses_ends_the_model_server_with_the_reason(setup, tmp_path):
    ms = ModelServer(setup["server"].env, setup["deployment"], tmp_path / "work", tmp_path / "ms.log")
    ms.start(CAIRN_TOKEN=setup["other_org_key"])
    assert ms.proc.wait(timeout=30) == 1
    assert "CAIRN_" in ms.log() and setup["other_org_key"] not in ms.log()
    assert not any((tmp_path / "work").rglob("MLmodel"))  # nothing half-downloaded is left


def test_the_model_server_waits_for_an_unreachable_cairn_and_then_loads(setup, tmp_path):
    """Cairn is down when the pod starts: serve-model retries with backoff and is live meanwhile."""
    import http.server
    import threading

    port = free_port()
    target = setup["cairn"].url

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization",)}
            resp = httpx.get(target + self.path, headers=headers, timeout=30)
            self.send_response(resp.status_code)
            self.send_header("Content-Type", resp.headers.get("content-type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(resp.content)))
            self.end_headers()
            self.wfile.write(resp.content)

        def do_POST(self):  # the pod's request records
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            resp = httpx.post(target + self.path, headers=headers, content=body, timeout=30)
            self.send_response(resp.status_code)
            self.send_header("Content-Length", str(len(resp.content)))
            self.end_headers()
            self.wfile.write(resp.content)

        def log_message(self, *args):
            pass

    ms = ModelServer(setup["server"].env, setup["deployment"], tmp_path / "work", tmp_path / "ms.log")
    ms.start(CAIRN_URL=f"http://127.0.0.1:{port}")
    proxy = None
    try:
        wait_until(lambda: "retrying" in ms.log(), timeout=10, what="a retry while Cairn is down")
        assert httpx.get(ms.url + "/v2/health/live").status_code == 200
        assert httpx.get(ms.url + "/v2/health/ready").status_code == 503
        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", port), Proxy)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        ms.wait_ready()
        with ms.client(setup["predict_key"]) as c:
            expected = setup["model"].predict(setup["x"].iloc[:3]).tolist()
            assert expect_json(c.post("/invocations", json=split(setup["x"].iloc[:3]))) == {"predictions": expected}
    finally:
        assert ms.stop() == 0, ms.log()
        if proxy:
            proxy.shutdown()


def test_the_work_dir_keeps_the_model_so_a_restart_needs_no_download_and_sigterm_exits_0(setup):
    ms = setup["server"]
    version_dir = ms.work_dir / "models" / "scorer" / "1"
    assert (version_dir / "MLmodel").is_file() and (version_dir / ".complete").is_file()
    assert not [p for p in (ms.work_dir / "models" / "scorer").iterdir() if p.name != "1"]
    assert ms.stop() == 0
    assert "downloaded the model's files" in ms.log(tail=10**7)

    # Started again with Cairn out of reach: it serves from the work dir.
    offset = ms.log_path.stat().st_size
    ms.start(CAIRN_URL=f"http://127.0.0.1:{free_port()}")
    ms.wait_ready()
    restarted = ms.log_path.read_text(errors="replace")[offset:]
    assert "found the model's files in the work dir" in restarted and "downloaded" not in restarted
    # Callers are checked with Cairn, which is unreachable now: 503, never an open door.
    with ms.client(setup["predict_key"]) as c:
        assert c.post("/invocations", json=split(setup["x"].iloc[:1])).status_code == 503
    started = time.monotonic()
    assert ms.stop() == 0 and time.monotonic() - started < 15
