"""Runs through the stock mlflow client: lifecycle and statuses, nested runs, params, metrics
(steps, timestamps, NaN and infinities), tags, log_batch and its limits, datasets, delete/restore."""

from __future__ import annotations

import math
import sys
import time

import mlflow
import numpy as np
import pandas as pd
import pytest
from mlflow.entities import Metric, Param, RunTag

from mlflow_support import raises_mlflow, unique_name, unknown_run_id


def now_ms() -> int:
    return int(time.time() * 1000)


# ----------------------------------------------------------------------------- lifecycle


def test_start_run_and_end_run_record_status_and_times(fluent_experiment, client):
    before = now_ms()
    run = mlflow.start_run(run_name="first-run")
    run_id = run.info.run_id
    assert run.info.status == "RUNNING"
    assert run.info.experiment_id == fluent_experiment
    assert run.info.run_name == "first-run"
    assert mlflow.active_run().info.run_id == run_id
    mlflow.end_run()
    after = now_ms()

    got = client.get_run(run_id)
    assert got.info.status == "FINISHED"
    assert got.info.lifecycle_stage == "active"
    assert before - 5000 <= got.info.start_time <= got.info.end_time <= after + 5000
    assert got.info.run_name == "first-run"
    assert got.data.tags["mlflow.runName"] == "first-run"
    assert got.info.artifact_uri
    assert mlflow.active_run() is None


@pytest.mark.parametrize("status", ["FAILED", "KILLED", "FINISHED"])
def test_end_run_records_the_given_status(fluent_experiment, client, status):
    run = mlflow.start_run()
    mlflow.end_run(status=status)
    assert client.get_run(run.info.run_id).info.status == status


def test_a_run_left_by_an_exception_is_failed(fluent_experiment, client):
    with pytest.raises(RuntimeError):
        with mlflow.start_run() as run:
            raise RuntimeError("training crashed")
    assert client.get_run(run.info.run_id).info.status == "FAILED"


def test_set_terminated_records_status_and_end_time(client, experiment_id):
    run = client.create_run(experiment_id, run_name="by-client", tags={"origin": "client"})
    assert run.info.status == "RUNNING"
    assert run.data.tags["origin"] == "client"
    client.set_terminated(run.info.run_id, status="KILLED", end_time=run.info.start_time + 1234)
    got = client.get_run(run.info.run_id)
    assert got.info.status == "KILLED"
    assert got.info.end_time == run.info.start_time + 1234


def test_update_run_renames_it(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    client.update_run(run.info.run_id, name="after")
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "after"
    assert got.data.tags["mlflow.runName"] == "after"


def test_nested_runs_carry_the_parent_run_id_tag(fluent_experiment, client):
    with mlflow.start_run(run_name="parent") as parent:
        with mlflow.start_run(run_name="child-1", nested=True) as child1:
            pass
        with mlflow.start_run(run_name="child-2", nested=True) as child2:
            pass
    pid = parent.info.run_id
    for child in (child1, child2):
        assert client.get_run(child.info.run_id).data.tags["mlflow.parentRunId"] == pid
    assert "mlflow.parentRunId" not in client.get_run(pid).data.tags

    children = client.search_runs([fluent_experiment], f"tags.mlflow.parentRunId = '{pid}'")
    assert sorted(r.info.run_id for r in children) == sorted([child1.info.run_id, child2.info.run_id])


def test_start_run_with_parent_run_id(fluent_experiment, client):
    parent = client.create_run(fluent_experiment)
    with mlflow.start_run(parent_run_id=parent.info.run_id, nested=True) as child:
        pass
    assert client.get_run(child.info.run_id).data.tags["mlflow.parentRunId"] == parent.info.run_id


def test_a_deleted_run_refuses_writes_until_restored(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.delete_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "deleted"
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_metric(run_id, "after_delete", 1.0)
    client.restore_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "active"
    client.log_metric(run_id, "after_restore", 1.0)
    assert client.get_run(run_id).data.metrics == {"after_restore": 1.0}


# ----------------------------------------------------------------------------- params


def test_log_params_round_trip_as_strings(fluent_experiment, client):
    with mlflow.start_run() as run:
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"epochs": 10, "optimizer": "adam", "layers": [64, 32], "empty": ""})
    params = client.get_run(run.info.run_id).data.params
    assert params == {"lr": "0.01", "epochs": "10", "optimizer": "adam", "layers": "[64, 32]", "empty": ""}


def test_logging_a_param_again_with_the_same_value_is_fine(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "seed", "42")
    client.log_param(run_id, "seed", "42")
    client.log_batch(run_id, params=[Param("seed", "42")])
    assert client.get_run(run_id).data.params == {"seed": "42"}


def test_changing_a_logged_param_is_invalid_parameter_value(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "seed", "42")
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400):
        client.log_param(run_id, "seed", "43")
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400):
        client.log_batch(run_id, params=[Param("seed", "44")])
    assert client.get_run(run_id).data.params == {"seed": "42"}


def test_a_long_param_value_round_trips(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    value = ("0123456789" * 600)[:6000]  # MLflow's limit for a param value
    client.log_param(run_id, "long", value)
    assert client.get_run(run_id).data.params["long"] == value


def test_unicode_keys_and_values_round_trip(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "model name", "résnet-ß ✓ 模型")
    client.set_tag(run_id, "note", "π ≈ 3.14159 — “quoted”")
    data = client.get_run(run_id).data
    assert data.params["model name"] == "résnet-ß ✓ 模型"
    assert data.tags["note"] == "π ≈ 3.14159 — “quoted”"


# ----------------------------------------------------------------------------- metrics


def test_metric_history_keeps_every_step_and_timestamp(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    t0 = now_ms() - 60_000
    logged = [(0.9, 0, t0), (0.7, 1, t0 + 10), (0.5, 2, t0 + 20), (0.45, 2, t0 + 30), (0.3, 10, t0 + 40)]
    for value, step, ts in logged:
        client.log_metric(run_id, "loss", value, timestamp=ts, step=step)

    history = client.get_metric_history(run_id, "loss")
    got = sorted((m.value, m.step, m.timestamp) for m in history)
    assert got == sorted(logged)
    assert all(m.key == "loss" for m in history)
    assert client.get_run(run_id).data.metrics["loss"] == 0.3


def test_the_run_shows_the_metric_at_the_highest_step(client, experiment_id):
    # MLflow's "latest" value is the one with the highest step, then the newest timestamp.
    run_id = client.create_run(experiment_id).info.run_id
    t0 = now_ms() - 60_000
    client.log_metric(run_id, "acc", 0.8, timestamp=t0, step=5)
    client.log_metric(run_id, "acc", 0.1, timestamp=t0 + 1000, step=2)
    assert client.get_run(run_id).data.metrics["acc"] == 0.8
    client.log_metric(run_id, "acc", 0.85, timestamp=t0 + 2000, step=5)
    assert client.get_run(run_id).data.metrics["acc"] == 0.85


def test_log_metrics_with_a_step_builds_each_history(fluent_experiment, client):
    with mlflow.start_run() as run:
        for step in range(3):
            mlflow.log_metrics({"a": step * 1.5, "b": -step}, step=step)
        mlflow.log_metric("c", 7)
    run_id = run.info.run_id
    assert client.get_run(run_id).data.metrics == {"a": 3.0, "b": -2.0, "c": 7.0}
    assert [(m.step, m.value) for m in sorted(client.get_metric_history(run_id, "a"), key=lambda m: m.step)] == [
        (0, 0.0), (1, 1.5), (2, 3.0)
    ]


def test_metric_values_round_trip_exactly(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    values = {"third": 1 / 3, "tiny": 5e-324, "huge": 1.2345678901234567e300, "neg": -0.1 - 0.2, "big_int": 2.0**53}
    for key, value in values.items():
        client.log_metric(run_id, key, value)
    assert client.get_run(run_id).data.metrics == values


def test_nan_metric_round_trips(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_metric(run_id, "nan", float("nan"), step=3)
    assert math.isnan(client.get_run(run_id).data.metrics["nan"])
    (point,) = client.get_metric_history(run_id, "nan")
    assert math.isnan(point.value) and point.step == 3


def test_infinite_metrics_keep_their_sign(client, experiment_id):
    # MLflow's SQL store clamps ±inf to ±max double; its file store keeps ±inf. Either reads back
    # as "infinitely large, with the right sign" in every client.
    run_id = client.create_run(experiment_id).info.run_id
    client.log_metric(run_id, "pinf", float("inf"))
    client.log_metric(run_id, "ninf", float("-inf"))
    metrics = client.get_run(run_id).data.metrics

    def is_positive_infinity(v):
        return v == math.inf or v == sys.float_info.max

    assert is_positive_infinity(metrics["pinf"]), metrics
    assert is_positive_infinity(-metrics["ninf"]), metrics
    (point,) = client.get_metric_history(run_id, "ninf")
    assert is_positive_infinity(-point.value)


def test_history_of_a_metric_never_logged_is_empty(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_metric(run_id, "logged", 1.0)
    assert client.get_metric_history(run_id, "never") == []


# ----------------------------------------------------------------------------- tags


def test_set_tags_and_delete_tag(fluent_experiment, client):
    with mlflow.start_run() as run:
        mlflow.set_tag("stage", "draft")
        mlflow.set_tags({"stage": "final", "owner": "ada", "n": 3})
        mlflow.delete_tag("owner")
    tags = client.get_run(run.info.run_id).data.tags
    assert tags["stage"] == "final"
    assert tags["n"] == "3"
    assert "owner" not in tags


def test_deleting_a_missing_tag_is_resource_does_not_exist(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.delete_tag(run_id, "never-set")


# ----------------------------------------------------------------------------- log_batch


def test_log_batch_logs_metrics_params_and_tags_together(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    ts = now_ms()
    client.log_batch(
        run_id,
        metrics=[Metric("m", float(i), ts + i, i) for i in range(5)] + [Metric("other", 2.5, ts, 0)],
        params=[Param(f"p{i}", str(i)) for i in range(3)],
        tags=[RunTag("t", "v")],
    )
    data = client.get_run(run_id).data
    assert data.metrics == {"m": 4.0, "other": 2.5}
    assert data.params == {"p0": "0", "p1": "1", "p2": "2"}
    assert data.tags["t"] == "v"
    assert len(client.get_metric_history(run_id, "m")) == 5


def test_log_batch_at_the_limits_is_accepted(client, experiment_id):
    # One request at the server's limits: 1000 entities, at most 100 params and 100 tags.
    run_id = client.create_run(experiment_id).info.run_id
    ts = now_ms()
    client.log_batch(
        run_id,
        metrics=[Metric("m", float(i), ts, i) for i in range(800)],
        params=[Param(f"p{i:03d}", str(i)) for i in range(100)],
        tags=[RunTag(f"t{i:03d}", str(i)) for i in range(100)],
    )
    data = client.get_run(run_id).data
    assert len(data.params) == 100
    assert sum(1 for k in data.tags if k.startswith("t")) == 100
    assert len(client.get_metric_history(run_id, "m")) == 800


def test_the_client_splits_a_large_log_batch_and_every_value_arrives(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    ts = now_ms()
    client.log_batch(
        run_id,
        metrics=[Metric("m", float(i), ts, i) for i in range(2500)],
        params=[Param(f"p{i:03d}", "x") for i in range(250)],
    )
    assert len(client.get_run(run_id).data.params) == 250
    history = client.get_metric_history(run_id, "m")
    assert sorted(m.step for m in history) == list(range(2500))


def _batch(run_id, *, metrics=0, params=0, tags=0):
    ts = now_ms()
    return {
        "run_id": run_id,
        "metrics": [{"key": "m", "value": float(i), "timestamp": ts, "step": i} for i in range(metrics)],
        "params": [{"key": f"p{i}", "value": "v"} for i in range(params)],
        "tags": [{"key": f"t{i}", "value": "v"} for i in range(tags)],
    }


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param({"metrics": 1001}, id="1001-metrics"),
        pytest.param({"params": 101}, id="101-params"),
        pytest.param({"tags": 101}, id="101-tags"),
        pytest.param({"metrics": 801, "params": 100, "tags": 100}, id="1001-entities"),
    ],
)
def test_log_batch_over_the_limits_is_invalid_parameter_value(mlflow_env, client, experiment_id, counts):
    # The client splits batches itself, so the server's limits are reached only over raw REST.
    run_id = client.create_run(experiment_id).info.run_id
    resp = mlflow_env.rest().post("/api/2.0/mlflow/runs/log-batch", json=_batch(run_id, **counts))
    assert resp.status_code == 400, f"{resp.status_code} {resp.text[:500]}"
    assert resp.json()["error_code"] == "INVALID_PARAMETER_VALUE", resp.text[:500]
    data = client.get_run(run_id).data
    assert data.metrics == {} and data.params == {}, "a rejected batch must log nothing"
    assert not any(k.startswith("t") and k[1:].isdigit() for k in data.tags)


# ----------------------------------------------------------------------------- datasets


def test_log_input_records_a_pandas_dataset(fluent_experiment, client):
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
    dataset = mlflow.data.from_pandas(df, source="s3://bucket/train.csv", name="train-set", targets="y")
    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="training", tags={"version": "3"})

    inputs = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert len(inputs) == 1
    got = inputs[0]
    assert got.dataset.name == "train-set"
    expected = dataset.to_dict()
    assert got.dataset.digest == expected["digest"]
    assert got.dataset.source_type == expected["source_type"]
    assert got.dataset.profile == expected["profile"]
    tags = {t.key: t.value for t in got.tags}
    assert tags["mlflow.data.context"] == "training"
    assert tags["version"] == "3"
    assert '"x"' in got.dataset.schema and '"y"' in got.dataset.schema
    restored = mlflow.data.get_source(got.dataset)
    assert restored.to_dict() == dataset.source.to_dict()


def test_log_input_records_a_numpy_dataset(fluent_experiment, client):
    features = np.arange(12, dtype=np.float64).reshape(4, 3)
    dataset = mlflow.data.from_numpy(features, source="file:///data/x.npy", name="eval-set")
    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="evaluation")
    (got,) = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert got.dataset.name == "eval-set"
    assert got.dataset.digest == dataset.digest
    assert {t.key: t.value for t in got.tags}["mlflow.data.context"] == "evaluation"


# ----------------------------------------------------------------------------- unknown runs


def test_an_unknown_run_is_resource_does_not_exist(client):
    missing = unknown_run_id()
    calls = {
        "get_run": lambda: client.get_run(missing),
        "log_metric": lambda: client.log_metric(missing, "m", 1.0),
        "log_param": lambda: client.log_param(missing, "p", "v"),
        "set_tag": lambda: client.set_tag(missing, "t", "v"),
        "log_batch": lambda: client.log_batch(missing, metrics=[Metric("m", 1.0, now_ms(), 0)]),
        "set_terminated": lambda: client.set_terminated(missing),
        "delete_run": lambda: client.delete_run(missing),
    }
    for name, call in calls.items():
        with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what=f"{name} of an unknown run"):
            call()


def test_run_names_are_free_form(client, experiment_id):
    name = unique_name("run with spaces/and slashes")
    run = client.create_run(experiment_id, run_name=name)
    assert client.get_run(run.info.run_id).info.run_name == name
