"""search_runs: filter strings over metrics, params, tags and attributes, order_by, view types,
pagination with max_results and page_token, and mlflow.search_runs' DataFrame."""

from __future__ import annotations

import time

import mlflow
import pytest
from mlflow.entities import ViewType

from mlflow_support import UNKNOWN_EXPERIMENT_ID, raises_mlflow, unique_name

# Five runs with known values: name -> (metrics, params, tags, terminal status)
RUNS = {
    "r-a": ({"acc": 0.91, "loss": 0.30}, {"model": "cnn", "depth": "3"}, {"team": "vision", "stage": "prod"}, "FINISHED"),
    "r-b": ({"acc": 0.75, "loss": 0.80}, {"model": "cnn", "depth": "5"}, {"team": "vision"}, "FAILED"),
    "r-c": ({"acc": 0.60, "loss": 1.20}, {"model": "rnn", "depth": "3"}, {"team": "nlp", "stage": "dev"}, "FINISHED"),
    "r-d": ({"acc": 0.99}, {"model": "Transformer", "depth": "12"}, {"team": "nlp"}, "FINISHED"),
    "r-e": ({}, {"model": "rnn"}, {"team": "vision"}, "RUNNING"),
}


@pytest.fixture
def runs(client, experiment_id):
    """Creates RUNS in the experiment; returns (experiment_id, {run name: run id})."""
    ids = {}
    for name, (metrics, params, tags, status) in RUNS.items():
        run = client.create_run(experiment_id, run_name=name, tags=tags)
        for key, value in metrics.items():
            client.log_metric(run.info.run_id, key, value)
        for key, value in params.items():
            client.log_param(run.info.run_id, key, value)
        if status != "RUNNING":
            client.set_terminated(run.info.run_id, status=status)
        ids[name] = run.info.run_id
        time.sleep(0.005)  # distinct start times, so orders by start_time are deterministic
    return experiment_id, ids


def names(found, ids) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[r.info.run_id] for r in found]


@pytest.mark.parametrize(
    "filter_string, expected",
    [
        ("metrics.acc > 0.7", ["r-a", "r-b", "r-d"]),
        ("metrics.acc >= 0.75 AND metrics.loss < 1", ["r-a", "r-b"]),
        ("metrics.loss != 0.8", ["r-a", "r-c"]),
        ("params.model = 'cnn'", ["r-a", "r-b"]),
        ("params.model != 'cnn'", ["r-c", "r-d", "r-e"]),
        ("params.depth = '3' AND params.model = 'rnn'", ["r-c"]),
        ("params.model LIKE '%nn'", ["r-a", "r-b", "r-c", "r-e"]),
        ("params.model ILIKE 'trans%'", ["r-d"]),
        ("tags.team = 'vision'", ["r-a", "r-b", "r-e"]),
        ("tags.stage = 'prod'", ["r-a"]),
        ("tags.`stage` != 'prod'", ["r-c"]),
        ("attributes.status = 'FINISHED'", ["r-a", "r-c", "r-d"]),
        ("attributes.status != 'FINISHED'", ["r-b", "r-e"]),
        ("attributes.run_name = 'r-c'", ["r-c"]),
        ("run_name LIKE 'r-%' AND metrics.acc < 0.8", ["r-b", "r-c"]),
        ("tags.team = 'nlp' AND params.depth = '12' AND metrics.acc > 0.9", ["r-d"]),
        ("metrics.acc > 2", []),
    ],
)
def test_search_runs_filter_selects_matching_runs(client, runs, filter_string, expected):
    exp_id, ids = runs
    found = client.search_runs([exp_id], filter_string)
    assert sorted(names(found, ids)) == expected


def test_search_runs_selects_run_ids_in_a_list(client, runs):
    exp_id, ids = runs
    wanted = [ids["r-b"], ids["r-d"]]
    found = client.search_runs([exp_id], f"attributes.run_id IN ('{wanted[0]}', '{wanted[1]}')")
    assert sorted(r.info.run_id for r in found) == sorted(wanted)


def test_search_runs_returns_full_run_data(client, runs):
    exp_id, ids = runs
    (run,) = client.search_runs([exp_id], "attributes.run_name = 'r-a'")
    assert run.info.run_id == ids["r-a"]
    assert run.info.status == "FINISHED"
    assert run.data.metrics == {"acc": 0.91, "loss": 0.30}
    assert run.data.params == {"model": "cnn", "depth": "3"}
    assert run.data.tags["team"] == "vision" and run.data.tags["stage"] == "prod"


def test_search_runs_orders_by_metric(client, runs):
    exp_id, ids = runs
    found = client.search_runs([exp_id], "metrics.acc > 0", order_by=["metrics.acc DESC"])
    assert names(found, ids) == ["r-d", "r-a", "r-b", "r-c"]
    found = client.search_runs([exp_id], "metrics.acc > 0", order_by=["metrics.acc ASC"])
    assert names(found, ids) == ["r-c", "r-b", "r-a", "r-d"]


def test_search_runs_orders_by_param_then_metric(client, runs):
    exp_id, ids = runs
    flt = "params.model LIKE '%nn'"
    found = client.search_runs([exp_id], flt, order_by=["params.model ASC", "metrics.acc DESC"])
    assert names(found, ids) == ["r-a", "r-b", "r-c", "r-e"]
    found = client.search_runs([exp_id], flt, order_by=["params.model DESC", "metrics.acc ASC"])
    assert names(found, ids) == ["r-c", "r-e", "r-b", "r-a"]


def test_search_runs_orders_params_as_text_as_mlflow_does(client, runs):
    """MLflow stores params as strings and its server orders them as strings: "12" < "3" < "5".
    Cairn's MLflow API keeps that (its native API orders numbers by value)."""
    exp_id, ids = runs
    found = client.search_runs([exp_id], order_by=["params.depth ASC"])
    assert names(found, ids) == ["r-d", "r-c", "r-a", "r-b", "r-e"]
    found = client.search_runs([exp_id], order_by=["params.depth DESC"])
    assert names(found, ids) == ["r-b", "r-c", "r-a", "r-d", "r-e"]


def test_search_runs_orders_by_start_time_and_name(client, runs):
    exp_id, ids = runs
    oldest_first = client.search_runs([exp_id], order_by=["attributes.start_time ASC"])
    assert names(oldest_first, ids) == list(RUNS)
    by_name_desc = client.search_runs([exp_id], order_by=["attributes.run_name DESC"])
    assert names(by_name_desc, ids) == sorted(RUNS, reverse=True)


def test_search_runs_default_order_is_newest_first(client, runs):
    exp_id, ids = runs
    assert names(client.search_runs([exp_id]), ids) == list(reversed(list(RUNS)))


def test_runs_without_the_metric_sort_last(client, runs):
    exp_id, ids = runs
    for order in ("DESC", "ASC"):
        found = client.search_runs([exp_id], order_by=[f"metrics.loss {order}"])
        assert sorted(names(found[-2:], ids)) == ["r-d", "r-e"], order


def test_search_runs_view_type_separates_deleted_runs(client, runs):
    exp_id, ids = runs
    client.delete_run(ids["r-b"])
    active = client.search_runs([exp_id], run_view_type=ViewType.ACTIVE_ONLY)
    deleted = client.search_runs([exp_id], run_view_type=ViewType.DELETED_ONLY)
    every = client.search_runs([exp_id], run_view_type=ViewType.ALL)
    assert sorted(names(active, ids)) == ["r-a", "r-c", "r-d", "r-e"]
    assert names(deleted, ids) == ["r-b"]
    assert sorted(names(every, ids)) == sorted(RUNS)
    client.restore_run(ids["r-b"])
    assert "r-b" in names(client.search_runs([exp_id]), ids)


def test_search_runs_spans_several_experiments(client, runs):
    exp_id, ids = runs
    other = client.create_experiment(unique_name())
    extra = client.create_run(other, run_name="r-x")
    client.log_metric(extra.info.run_id, "acc", 0.95)
    found = client.search_runs([exp_id, other], "metrics.acc > 0.9", order_by=["metrics.acc DESC"])
    assert [r.info.run_id for r in found] == [ids["r-d"], extra.info.run_id, ids["r-a"]]


def test_search_runs_pages_with_max_results_and_page_token(client, experiment_id):
    created = []
    for i in range(7):
        run = client.create_run(experiment_id, run_name=f"page-{i}")
        client.log_metric(run.info.run_id, "i", i)
        created.append(run.info.run_id)

    seen, token, pages = [], None, 0
    while True:
        page = client.search_runs([experiment_id], order_by=["metrics.i ASC"], max_results=3, page_token=token)
        pages += 1
        assert len(page) <= 3
        seen.extend(r.info.run_id for r in page)
        token = page.token
        if not token:
            break
        assert pages < 10, "page_token never ran out"
    assert seen == created
    assert pages == 3


def test_search_runs_max_results_limits_one_page(client, experiment_id):
    for i in range(4):
        client.create_run(experiment_id)
    page = client.search_runs([experiment_id], max_results=2)
    assert len(page) == 2
    assert page.token


def test_fluent_search_runs_returns_a_dataframe(fluent_experiment, client):
    with mlflow.start_run(run_name="df-1") as r1:
        mlflow.log_metric("acc", 0.5)
        mlflow.log_param("model", "cnn")
        mlflow.set_tag("team", "vision")
    with mlflow.start_run(run_name="df-2") as r2:
        mlflow.log_metric("acc", 0.9)
        mlflow.log_param("model", "rnn")

    df = mlflow.search_runs(order_by=["metrics.acc DESC"])
    assert list(df["run_id"]) == [r2.info.run_id, r1.info.run_id]
    assert list(df["metrics.acc"]) == [0.9, 0.5]
    assert list(df["params.model"]) == ["rnn", "cnn"]
    assert df.loc[df["run_id"] == r1.info.run_id, "tags.team"].item() == "vision"
    assert list(df["status"]) == ["FINISHED", "FINISHED"]

    runs = mlflow.search_runs(filter_string="params.model = 'cnn'", output_format="list")
    assert [r.info.run_id for r in runs] == [r1.info.run_id]


@pytest.mark.parametrize(
    "filter_string",
    [
        "metrics.acc >",
        "metrics.acc > 'high'",
        "params.model = cnn",
        "foo.bar = 'x'",
        "tags.team = 'a' OR",
        "attributes.nonexistent = 'x'",
    ],
)
def test_a_bad_filter_is_invalid_parameter_value(client, experiment_id, filter_string):
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what=f"search_runs({filter_string!r})"):
        client.search_runs([experiment_id], filter_string)


def test_a_bad_order_by_is_invalid_parameter_value(client, experiment_id):
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400):
        client.search_runs([experiment_id], order_by=["metrics.acc SIDEWAYS"])


def test_search_runs_in_an_unknown_experiment_is_empty(client):
    assert list(client.search_runs([UNKNOWN_EXPERIMENT_ID])) == []
