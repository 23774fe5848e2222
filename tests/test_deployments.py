"""Deployments end to end: environments, a registered scikit-learn model deployed on the local target,
predictions through MLflow's scoring protocol and the Open Inference Protocol v2 equal to the model's
own predict, revisions, rollback, alias following, worker crashes, bad input, tenancy and scopes, an
XGBoost model in process and an ONNX graph. The models are real (saved with mlflow) and run in real
Python runtime workers. Traffic, caching, limits, scaling and the Kubernetes target are in
test_deployment_operations.py."""

from __future__ import annotations

import json
import os
import signal
import time

import numpy as np

from deployment_support import (  # noqa: F401 (fixtures)
    FEATURES, model_files, proj, sklearn_models, split, triton_inputs)
from helpers import expect_error, expect_json, expect_status, org_path, wait_until



def test_projects_start_with_three_environments_that_admins_manage(proj):
    envs = expect_json(proj.client.get(f"{proj.base}/environments"))["environments"]
    assert [(e["name"], e["tier"]) for e in envs] == [
        ("development", "development"), ("staging", "staging"), ("production", "production")]
    created = expect_json(proj.client.post(f"{proj.base}/environments", json={"name": "qa", "tier": "staging"}), 201)
    assert created["deployment_count"] == 0
    expect_error(proj.client.post(f"{proj.base}/environments", json={"name": "qa"}), 409)
    expect_error(proj.client.post(f"{proj.base}/environments", json={"name": "Bad Name"}), 422)
    renamed = expect_json(proj.client.patch(f"{proj.base}/environments/qa", json={"name": "qa-2"}))
    assert renamed["name"] == "qa-2" and renamed["tier"] == "staging"
    expect_status(proj.client.delete(f"{proj.base}/environments/qa-2"), 204)
    expect_error(proj.client.delete(f"{proj.base}/environments/qa-2"), 404)


# ----------------------------------------------------------------------------- serving


def test_a_registered_sklearn_model_serves_both_protocols_with_its_own_answers(proj, sklearn_models):
    (model_a, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("churn", path_a)
    d = proj.deploy("churn-api", {"model": "churn", "version": 1},
                    config={"workers": {"min": 2, "max": 2}, "batching": {"max_batch_size": 16}})
    assert d["revision"] == 1 and d["model_version"] == 1 and d["status"]["state"] in ("pending", "starting")
    assert d["urls"]["invocations"].endswith("/deployments/churn-api/invocations")
    d = proj.wait_state("churn-api", "healthy")
    assert len(d["status"]["workers"]) == 2 and all(w["state"] == "ready" for w in d["status"]["workers"])

    expected = model_a.predict(x.iloc[:20]).tolist()
    assert expect_json(proj.invoke("churn-api", split(x.iloc[:20]))) == {"predictions": expected}
    records = {"dataframe_records": x.iloc[:5].to_dict(orient="records")}
    assert expect_json(proj.invoke("churn-api", records)) == {"predictions": expected[:5]}
    csv = x.iloc[:3].to_csv(index=False)
    resp = proj.client.post(f"{proj.base}/deployments/churn-api/invocations", content=csv,
                            headers={"Content-Type": "text/csv"})
    assert expect_json(resp) == {"predictions": expected[:3]}

    # Open Inference Protocol v2 at the root, the deployment's endpoint name as the model.
    endpoint = d["endpoint_name"]
    assert expect_json(proj.client.get("/v2/health/ready"))["ready"] is True
    meta = expect_json(proj.client.get(f"/v2/models/{endpoint}"))
    assert meta["name"] == endpoint and {i["name"] for i in meta["inputs"]} == set(FEATURES)
    assert expect_json(proj.client.get(f"/v2/models/{endpoint}/ready"))["ready"] is True
    body = {"inputs": [{"name": f, "shape": [4], "datatype": "FP64", "data": x[f].iloc[:4].tolist()} for f in FEATURES]}
    answer = expect_json(proj.client.post(f"/v2/models/{endpoint}/infer", json=body))
    assert answer["model_name"] == endpoint
    assert [int(v) for v in answer["outputs"][0]["data"]] == expected[:4]

    # The stock tritonclient, as a Triton or KServe user calls a model (binary tensors by default).
    import tritonclient.http as triton
    host = proj.cairn.url.removeprefix("http://")
    with triton.InferenceServerClient(url=host) as tc:
        headers = {"Authorization": f"Bearer {proj.user.access_token}"}
        assert tc.is_server_live() and tc.is_model_ready(endpoint, headers=headers)
        inputs = triton_inputs(x, 4)
        result = tc.infer(endpoint, inputs, headers=headers)
        output = result.get_response()["outputs"][0]["name"]
        assert result.as_numpy(output).ravel().astype(int).tolist() == expected[:4]

    # Many concurrent single-row requests are batched and each gets its own row's answer.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda i: proj.invoke("churn-api", split(x.iloc[i:i + 1])).json(), range(48)))
    assert [a["predictions"][0] for a in answers] == model_a.predict(x.iloc[:48]).tolist()
    stats = expect_json(proj.client.get(f"{proj.base}/deployments/churn-api/stats", params={"window_seconds": 300}))
    assert stats["totals"]["requests"] >= 51 and stats["totals"]["errors"] == 0
    # Every prediction became a record for monitoring, written off the request path.
    db = proj.cairn.db()
    wait_until(lambda: db.query("SELECT COUNT(*) AS n FROM inference_requests WHERE deployment_id = ?",
                                (d["id"],))[0]["n"] >= 51, timeout=10, what="request records")
    row = db.query("SELECT status, rows_count, inputs, outputs, principal FROM inference_requests"
                   " WHERE deployment_id = ? AND rows_count = 20", (d["id"],))[0]
    assert row["status"] == 200 and row["principal"].startswith("user:")
    assert json.loads(row["outputs"]) == expected and len(json.loads(row["inputs"])) == 20
    metrics = proj.client.get("/metrics").text
    assert "cairn_inference_records_written_total" in metrics
    assert f'cairn_deployment_requests_total{{deployment="churn-api",endpoint="{endpoint}"' in metrics
    assert "cairn_deployment_in_flight_requests{" in metrics and "cairn_deployment_workers{" in metrics
    # Batches and queue waits per revision: 48 concurrent single rows were batched, so some batch
    # held more than one row.
    labels = f'deployment="churn-api",endpoint="{endpoint}",revision="1"'
    one_row = next(line for line in metrics.splitlines()
                   if line.startswith(f'cairn_deployment_batch_size_bucket{{{labels},le="1"}}'))
    batches = next(line for line in metrics.splitlines()
                   if line.startswith(f"cairn_deployment_batch_size_count{{{labels}}}"))
    assert int(one_row.split()[-1]) < int(batches.split()[-1]), (one_row, batches)
    assert f"cairn_deployment_queue_wait_seconds_count{{{labels}}}" in metrics


def test_revisions_follow_the_alias_and_roll_back(proj, sklearn_models):
    (model_a, path_a), (model_b, path_b) = sklearn_models[0]
    x = sklearn_models[1].iloc[:10]
    proj.register("ranker", path_a)
    proj.register("ranker", path_b)
    expect_status(proj.client.put(f"{proj.base}/models/ranker/aliases/champion", json={"version": 1}), 200)
    proj.deploy("ranker-api", {"model": "ranker", "alias": "champion"})
    proj.wait_state("ranker-api", "healthy")
    assert expect_json(proj.invoke("ranker-api", split(x)))["predictions"] == model_a.predict(x).tolist()

    # Moving the alias rolls out a new revision by itself.
    expect_status(proj.client.put(f"{proj.base}/models/ranker/aliases/champion", json={"version": 2}), 200)
    wait_until(lambda: proj.deployment("ranker-api")["revision"] == 2, timeout=30, what="revision 2")
    d = proj.wait_state("ranker-api", "healthy")
    assert d["model_version"] == 2
    wait_until(lambda: proj.invoke("ranker-api", split(x)).json().get("predictions") == model_b.predict(x).tolist(),
               timeout=30, what="version 2 answering")

    revisions = expect_json(proj.client.get(f"{proj.base}/deployments/ranker-api/revisions"))["revisions"]
    assert [r["number"] for r in revisions] == [2, 1] and "alias @champion moved" in revisions[0]["reason"]
    diff = expect_json(proj.client.get(f"{proj.base}/deployments/ranker-api/revisions/1/diff/2"))
    assert {"path": "version", "from": 1, "to": 2} in diff["changes"]

    rolled = expect_json(proj.client.post(f"{proj.base}/deployments/ranker-api/rollback", json={"revision": 1}))
    assert rolled["revision"] == 3 and rolled["model_version"] == 1
    wait_until(lambda: proj.invoke("ranker-api", split(x)).json().get("predictions") == model_a.predict(x).tolist(),
               timeout=60, what="version 1 answering again")
    kinds = [e["kind"] for e in expect_json(proj.client.get(f"{proj.base}/deployments/ranker-api/events"))["events"]]
    assert "rollback" in kinds and "alias_moved" in kinds and "created" in kinds


def test_config_changes_are_revisions_and_secrets_are_never_answered(proj, sklearn_models):
    (_, path_a) = sklearn_models[0][0]
    proj.register("m", path_a)
    d = proj.deploy("cfg", {"model": "m", "version": 1}, config={"secrets": {"TOKEN": "s3cr3t"}, "env": {"A": "1"}})
    assert d["config"]["secrets"] == {"TOKEN": "***"} and d["config"]["env"] == {"A": "1"}
    same = expect_json(proj.client.patch(f"{proj.base}/deployments/cfg", json={"config": d["config"]}))
    assert same["revision"] == 1  # sending the answer back changes nothing, the secret is kept
    changed = expect_json(proj.client.patch(f"{proj.base}/deployments/cfg", json={"config": {"timeout_ms": 5000}}))
    assert changed["revision"] == 2 and changed["config"]["timeout_ms"] == 5000
    assert "s3cr3t" not in json.dumps(expect_json(proj.client.get(f"{proj.base}/deployments/cfg/revisions")))
    # Kubernetes manifests: every object the target needs; the secret only in the Secret.
    import base64
    import yaml
    resp = expect_status(proj.client.get(f"{proj.base}/deployments/cfg/manifests"), 200)
    docs = [doc for doc in yaml.safe_load_all(resp.text) if doc]
    kinds = {doc["kind"]: doc for doc in docs}
    assert set(kinds) == {"ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler",
                          "PodDisruptionBudget"}
    assert "s3cr3t" not in json.dumps(kinds["ConfigMap"])
    assert base64.b64encode(b"s3cr3t").decode() in kinds["Secret"]["data"].values()
    for bad in [{"config": {"workers": {"min": 0}}}, {"config": {"batching": {"max_batch_size": "big"}}},
                {"config": {"nope": 1}}, {"source": {"model": "m"}}, {"source": {"model": "m", "version": 9}}]:
        resp = proj.client.patch(f"{proj.base}/deployments/cfg", json=bad)
        assert resp.status_code in (404, 422), (bad, resp.text)
    assert proj.deployment("cfg")["revision"] == 2


def test_bad_inference_input_answers_4xx_naming_the_problem(proj, sklearn_models):
    (_, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("bad-in", {"model": "m", "version": 1}, config={"max_rows": 5})
    proj.wait_state("bad-in", "healthy")
    url = f"{proj.base}/deployments/bad-in/invocations"
    bad_bodies = [
        ({"dataframe_split": {"columns": ["f0"], "data": [[1.0]]}}, "f1"),
        ({"dataframe_records": [{"f0": "abc", "f1": 1, "f2": 1, "f3": 1}]}, "f0"),
        ({"instances": [[1, 2, 3, 4]], "inputs": [[1, 2, 3, 4]]}, None),
        ({"unknown": []}, None),
        (split(x.iloc[:6]), None),  # over max_rows
    ]
    for body, field in bad_bodies:
        resp = proj.client.post(url, json=body)
        assert 400 <= resp.status_code < 500, (body, resp.text)
        if field:
            assert field in resp.text, resp.text
    for raw, ctype in [(b"{not json", "application/json"), (b"", "application/json"), (b"a,b\n1", "text/plain")]:
        resp = proj.client.post(url, content=raw, headers={"Content-Type": ctype})
        assert 400 <= resp.status_code < 500, (raw, resp.text)
    # The deployment still answers.
    assert len(expect_json(proj.invoke("bad-in", split(x.iloc[:2])))["predictions"]) == 2
    # Refused requests are records too, with the column at fault (monitoring counts them per column).
    db = proj.cairn.db()
    deployment_id = proj.deployment("bad-in")["id"]
    query = ("SELECT status, error_code, error_field FROM inference_requests WHERE deployment_id = ?"
             " AND status = 400")
    wait_until(lambda: len(db.query(query, (deployment_id,))) >= 8, timeout=10, what="records of refused requests")
    fields = {row["error_field"] for row in db.query(query, (deployment_id,))}
    assert {"inputs.f0", "inputs.f1"} <= fields, fields


def test_other_organizations_get_404_and_keys_need_their_scopes(cairn, proj, sklearn_models):
    (_, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    d = proj.deploy("guarded", {"model": "m", "version": 1})
    proj.wait_state("guarded", "healthy")
    stranger = cairn.signup()
    expect_error(stranger.client.get(f"{proj.base}/deployments/guarded"), 404)
    expect_error(proj.invoke("guarded", split(x.iloc[:1]), client=stranger.client), 404)
    v2 = stranger.client.post(f"/v2/models/{d['endpoint_name']}/infer", json={"inputs": []})
    assert v2.status_code == 404 and isinstance(v2.json()["error"], str), v2.text  # KServe's error body

    reader = cairn.key_client(cairn.make_key(proj.user, proj.org, scopes=["read"]))
    expect_error(proj.invoke("guarded", split(x.iloc[:1]), client=reader), 403)
    expect_error(reader.post(f"{proj.base}/deployments/guarded/stop"), 403)
    key = cairn.make_key(proj.user, proj.org, scopes=["predict"])
    caller = cairn.key_client(key)
    assert len(expect_json(proj.invoke("guarded", split(x.iloc[:1]), client=caller))["predictions"]) == 1
    expect_error(cairn.client().post(f"{proj.base}/deployments/guarded/invocations", json=split(x.iloc[:1])), 401)
    # The gateway keeps who a key is and what it may call for a moment; a revocation made through
    # this server still takes effect at once.
    expect_status(proj.client.delete(f"{org_path(proj.org)}/api-keys/{key['id']}"), 204)
    expect_error(proj.invoke("guarded", split(x.iloc[:1]), client=caller), 401)


def test_a_model_that_cannot_load_fails_with_the_workers_reason(proj, sklearn_models):
    (_, path_a) = sklearn_models[0][0]
    files = model_files(path_a)
    mlmodel = files["MLmodel"].decode().replace("loader_module: mlflow.sklearn", "loader_module: lightgbm_missing_module")
    files["MLmodel"] = mlmodel.encode()
    expect_json(proj.client.post(f"{proj.base}/models", json={"name": "broken"}), 201)
    expect_json(proj.client.post(f"{proj.base}/models/broken/versions",
                                 files=[("file", (p, data)) for p, data in files.items()]), 201)
    proj.deploy("broken-api", {"model": "broken", "version": 1})
    proj.wait_state("broken-api", "failed")
    # The state may first say that no worker is ready; the worker's own reason follows.
    wait_until(lambda: "lightgbm_missing_module" in proj.deployment("broken-api")["status"]["reason"], timeout=30,
               what="the worker's reason")
    d = proj.deployment("broken-api")
    events = expect_json(proj.client.get(f"{proj.base}/deployments/broken-api/events"))["events"]
    assert "lightgbm_missing_module" in d["status"]["reason"], (d["status"], events)
    expect_error(proj.invoke("broken-api", split(sklearn_models[1].iloc[:1])), 503)
    logs = expect_json(proj.client.get(f"{proj.base}/deployments/broken-api/logs", params={"q": "lightgbm"}))
    assert logs["lines"], "the worker's error is in the deployment's logs"
    # The live stream starts with the newest `tail` lines; `timeout_seconds` ends it (as a Kubernetes watch).
    every = expect_json(proj.client.get(f"{proj.base}/deployments/broken-api/logs", params={"limit": 1000}))["lines"]
    assert len(every) >= 3, every
    started = time.monotonic()
    stream = proj.client.get(f"{proj.base}/deployments/broken-api/logs/stream",
                             params={"tail": 2, "timeout_seconds": 1}, timeout=15)
    assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
    assert 0.9 <= time.monotonic() - started < 10
    assert stream.text.count("event: log") >= 2 and stream.text.count("event: log") < len(every) + 1
    for bad in ({"tail": -1}, {"tail": 1001}, {"timeout_seconds": 0}, {"timeout_seconds": "soon"}):
        expect_error(proj.client.get(f"{proj.base}/deployments/broken-api/logs/stream", params=bad), 400)


def test_a_killed_worker_restarts_and_requests_keep_being_answered(proj, sklearn_models):
    (model_a, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("crashy", {"model": "m", "version": 1},
                config={"workers": {"min": 2, "max": 2}, "timeout_ms": 10000})
    d = proj.wait_state("crashy", "healthy")
    victim = d["status"]["workers"][0]["pid"]
    os.kill(victim, signal.SIGKILL)
    started = time.monotonic()
    ok = 0
    while time.monotonic() - started < 4:
        resp = proj.invoke("crashy", split(x.iloc[:3]))
        assert resp.status_code in (200, 503), resp.text
        ok += resp.status_code == 200
    assert ok > 0
    d = proj.wait_state("crashy", "healthy", timeout=60)
    assert sum(w["restarts"] for w in d["status"]["workers"]) >= 1
    assert victim not in [w["pid"] for w in d["status"]["workers"]]
    assert expect_json(proj.invoke("crashy", split(x.iloc[:3])))["predictions"] == model_a.predict(x.iloc[:3]).tolist()


def test_stop_start_and_delete(proj, sklearn_models):
    (_, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("life", {"model": "m", "version": 1})
    proj.wait_state("life", "healthy")
    stopped = expect_json(proj.client.post(f"{proj.base}/deployments/life/stop"))
    assert stopped["desired_state"] == "stopped"
    proj.wait_state("life", "stopped")
    expect_error(proj.invoke("life", split(x.iloc[:1])), 503)
    expect_json(proj.client.post(f"{proj.base}/deployments/life/start"))
    proj.wait_state("life", "healthy")
    expect_error(proj.client.delete(f"{proj.base}/environments/development"), 409)  # it holds a deployment
    deployed = expect_json(proj.client.get(f"{proj.base}/stats"))["deployments"]
    assert deployed >= 1  # the project overview counts deployments
    expect_status(proj.client.delete(f"{proj.base}/deployments/life"), 204)
    assert expect_json(proj.client.get(f"{proj.base}/stats"))["deployments"] == deployed - 1
    expect_error(proj.client.get(f"{proj.base}/deployments/life"), 404)


def test_an_xgboost_model_runs_in_process_with_the_pyfunc_answers(proj, tmp_path, sklearn_models):
    import mlflow.pyfunc
    import mlflow.xgboost
    import xgboost
    from mlflow.models import infer_signature

    x = sklearn_models[1]
    y = (x["f0"] - x["f2"] > 0).astype(int)
    model = xgboost.XGBClassifier(n_estimators=20, max_depth=3).fit(x, y)
    path = tmp_path / "xgb"
    mlflow.xgboost.save_model(model, path, signature=infer_signature(x, model.predict(x)))
    proj.register("xgb", path)
    d = proj.deploy("xgb-api", {"model": "xgb", "version": 1}, config={"workers": {"min": 2, "max": 2}})
    d = proj.wait_state("xgb-api", "healthy")
    assert all(w["pid"] == 0 for w in d["status"]["workers"]), "the xgboost runtime runs in the server"
    expected = mlflow.pyfunc.load_model(str(path)).predict(x.iloc[:30])
    assert expect_json(proj.invoke("xgb-api", split(x.iloc[:30]))) == {"predictions": expected.tolist()}
    # Forcing the python runtime gives the same answers from a worker process.
    changed = expect_json(proj.client.patch(f"{proj.base}/deployments/xgb-api", json={"config": {"runtime": "python"}}))
    assert changed["revision"] == 2
    d = proj.wait_state("xgb-api", "healthy")
    wait_until(lambda: all(w["pid"] > 0 for w in proj.deployment("xgb-api")["status"]["workers"]), timeout=60,
               what="python workers")
    assert expect_json(proj.invoke("xgb-api", split(x.iloc[:30]))) == {"predictions": expected.tolist()}


def test_an_onnx_model_serves_its_tensors(proj, tmp_path):
    """An ONNX graph saved by mlflow.onnx runs on onnxruntime in a Python worker, through both
    protocols, batched across requests."""
    import mlflow.onnx
    from onnx import TensorProto, helper, numpy_helper

    w = np.array([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]], np.float32)
    b = np.array([0.25, -1.0], np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["X", "W"], ["XW"]), helper.make_node("Add", ["XW", "B"], ["Y"])],
        "linear",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 3])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["batch", 2])],
        initializer=[numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "B")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    from mlflow.models import infer_signature

    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [0.0, 0.0, 1.0]], np.float32)
    expected = x @ w + b
    mlflow.onnx.save_model(model, tmp_path / "linear", signature=infer_signature({"X": x}, {"Y": expected}))
    proj.register("linear", tmp_path / "linear")
    d = proj.deploy("linear-api", {"model": "linear", "version": 1})
    d = proj.wait_state("linear-api", "healthy")
    got = expect_json(proj.invoke("linear-api", {"inputs": {"X": x.tolist()}}))["predictions"]
    assert set(got) == {"Y"} and np.allclose(np.array(got["Y"]), expected, atol=1e-6), got
    body = {"inputs": [{"name": "X", "shape": [3, 3], "datatype": "FP32", "data": x.ravel().tolist()}]}
    answer = expect_json(proj.client.post(f"/v2/models/{d['endpoint_name']}/infer", json=body))
    out = answer["outputs"][0]
    assert out["name"] == "Y" and out["shape"] == [3, 2] and out["datatype"] == "FP32"
    assert np.allclose(np.array(out["data"]).reshape(3, 2), expected, atol=1e-6)
    # The signature's tensor shape is checked before the model sees the input.
    wrong = expect_error(proj.invoke("linear-api", {"inputs": {"X": [[1.0, 2.0]]}}), 400)
    assert "X" in json.dumps(wrong)
