"""The wire under the client: what the stock mlflow client relies on without showing it. Error
bodies in MLflow's JSON shape with the matching HTTP status (the client turns `error_code` into
its exception, and a 404 from get-by-name into None), and NaN / infinities as JSON strings."""

from __future__ import annotations

import math
import sys

import pytest

from mlflow_support import UNKNOWN_EXPERIMENT_ID, mlflow_error_body, unknown_run_id

API = "/api/2.0/mlflow"


@pytest.mark.parametrize(
    "method, path, body, status, error_code",
    [
        pytest.param("GET", f"{API}/runs/get", {"run_id": "UNKNOWN_RUN"}, 404, "RESOURCE_DOES_NOT_EXIST", id="unknown-run"),
        pytest.param(
            "GET", f"{API}/experiments/get", {"experiment_id": UNKNOWN_EXPERIMENT_ID}, 404,
            "RESOURCE_DOES_NOT_EXIST", id="unknown-experiment",
        ),
        pytest.param(
            "GET", f"{API}/experiments/get-by-name", {"experiment_name": "no-such-experiment-name-zz"}, 404,
            "RESOURCE_DOES_NOT_EXIST", id="unknown-experiment-name",
        ),
        pytest.param(
            "POST", f"{API}/runs/log-metric",
            {"run_id": "UNKNOWN_RUN", "key": "m", "value": 1.0, "timestamp": 1, "step": 0}, 404,
            "RESOURCE_DOES_NOT_EXIST", id="log-to-unknown-run",
        ),
        pytest.param("POST", f"{API}/experiments/create", {}, 400, "INVALID_PARAMETER_VALUE", id="create-without-name"),
        pytest.param(
            "POST", f"{API}/runs/search", {"experiment_ids": ["EXPERIMENT"], "filter": "metrics.acc >"}, 400,
            "INVALID_PARAMETER_VALUE", id="bad-filter",
        ),
        pytest.param(
            "POST", f"{API}/runs/log-metric", {"run_id": "RUN", "value": 1.0, "timestamp": 1}, 400,
            "INVALID_PARAMETER_VALUE", id="metric-without-key",
        ),
    ],
)
def test_errors_answer_mlflows_json_shape_and_status(mlflow_env, client, experiment_id, method, path, body, status, error_code):
    run_id = client.create_run(experiment_id).info.run_id
    fill = {"UNKNOWN_RUN": unknown_run_id(), "RUN": run_id, "EXPERIMENT": experiment_id}

    def substitute(value):
        if isinstance(value, list):
            return [substitute(v) for v in value]
        return fill.get(value, value) if isinstance(value, str) else value

    body = {k: substitute(v) for k, v in body.items()}
    http = mlflow_env.rest()
    resp = http.get(path, params=body) if method == "GET" else http.post(path, json=body)
    assert resp.status_code == status, f"{method} {path} {body} -> {resp.status_code} {resp.text[:500]}"
    assert mlflow_error_body(resp)["error_code"] == error_code, resp.text[:500]


def test_nan_and_infinity_travel_as_json_strings(mlflow_env, client, experiment_id):
    # Python's protobuf JSON (what the client sends and parses) spells these as strings.
    run_id = client.create_run(experiment_id).info.run_id
    http = mlflow_env.rest()
    for key, value in (("nan", "NaN"), ("pinf", "Infinity"), ("ninf", "-Infinity")):
        resp = http.post(
            f"{API}/runs/log-metric",
            json={"run_id": run_id, "key": key, "value": value, "timestamp": 1700000000000, "step": 1},
        )
        assert resp.status_code == 200, f"log-metric {value}: {resp.status_code} {resp.text[:300]}"

    resp = http.get(f"{API}/runs/get", params={"run_id": run_id})
    assert resp.status_code == 200, resp.text[:300]
    metrics = {m["key"]: m["value"] for m in resp.json()["run"]["data"]["metrics"]}
    assert metrics["nan"] == "NaN"
    # MLflow's SQL store clamps infinities to ±max double; "Infinity" is the faithful spelling.
    assert metrics["pinf"] in ("Infinity", sys.float_info.max)
    assert metrics["ninf"] in ("-Infinity", -sys.float_info.max)

    got = client.get_run(run_id).data.metrics
    assert math.isnan(got["nan"]) and got["pinf"] > 1e308 and got["ninf"] < -1e308


def test_timestamps_and_steps_are_json_numbers(mlflow_env, client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_metric(run_id, "m", 0.5, timestamp=1700000000123, step=2**40)
    resp = mlflow_env.rest().get(f"{API}/metrics/get-history", params={"run_id": run_id, "metric_key": "m"})
    assert resp.status_code == 200, resp.text[:300]
    (point,) = resp.json()["metrics"]
    assert point["value"] == 0.5
    assert int(point["timestamp"]) == 1700000000123
    assert int(point["step"]) == 2**40


def test_get_run_answers_info_data_and_inputs(mlflow_env, client, experiment_id):
    run = client.create_run(experiment_id, run_name="shape")
    client.log_param(run.info.run_id, "p", "v")
    resp = mlflow_env.rest().get(f"{API}/runs/get", params={"run_id": run.info.run_id})
    assert resp.status_code == 200, resp.text[:300]
    body = resp.json()["run"]
    info = body["info"]
    assert info["run_id"] == run.info.run_id
    assert info["experiment_id"] == experiment_id
    assert info["status"] == "RUNNING" and info["lifecycle_stage"] == "active"
    assert info["run_name"] == "shape"
    assert body["data"]["params"] == [{"key": "p", "value": "v"}]


def test_get_history_pages_by_position_and_every_page_follows_the_last(mlflow_env, client, experiment_id):
    """Pages continue after the previous page's last point (step, timestamp, value): NaN, infinities
    and points sharing a step and timestamp all land on exactly one page, in order."""
    from mlflow.entities import Metric

    run_id = client.create_run(experiment_id).info.run_id
    values = [0.5, float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1e-300, 2.5]
    metrics = [Metric("m", v, 1700000000000 + (i % 3), i // 3) for i, v in enumerate(values * 3)]
    client.log_batch(run_id, metrics=metrics)
    rest = mlflow_env.rest()
    whole = rest.get(f"{API}/metrics/get-history", params={"run_id": run_id, "metric_key": "m"}).json()["metrics"]
    paged, token, pages = [], None, 0
    while True:
        params = {"run_id": run_id, "metric_key": "m", "max_results": 4}
        if token:
            params["page_token"] = token
        resp = rest.get(f"{API}/metrics/get-history", params=params)
        assert resp.status_code == 200, resp.text[:300]
        body = resp.json()
        paged += body["metrics"]
        pages += 1
        token = body.get("next_page_token")
        if not token:
            break
    assert len(whole) == len(paged) and pages == -(-len(whole) // 4)
    assert [json_key(p) for p in paged] == [json_key(p) for p in whole]
    assert [(int(p["step"]), int(p["timestamp"])) for p in paged] == sorted((int(p["step"]), int(p["timestamp"])) for p in paged)
    history = client.get_metric_history(run_id, "m")  # the stock client follows the tokens itself
    assert len(history) == len(whole)

    forged = rest.get(f"{API}/metrics/get-history", params={"run_id": run_id, "metric_key": "m", "page_token": "eyJhZnRlciI6MX0"})
    assert forged.status_code == 400 and forged.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def json_key(point: dict) -> tuple:
    return (int(point["step"]), int(point["timestamp"]), str(point["value"]))
