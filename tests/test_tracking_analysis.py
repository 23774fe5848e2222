"""The endpoints behind the experiment-analysis UI: an experiment's keys (the column chooser), run
search with a total count, and many runs' histories of several metrics in one call (the charts)."""

from __future__ import annotations

import pytest

from helpers import expect_error, expect_json, expect_status, uid
from test_tracking import Workspace, metric


@pytest.fixture
def ws(signup, make_org, make_project) -> Workspace:
    user = signup()
    org = make_org(user)
    return Workspace(user, org, make_project(user, org))


def series_url(ws: Workspace) -> str:
    return f"{ws.base}/runs/metrics/histories"


def test_experiment_keys_cover_every_run_not_a_page(ws):
    experiment = ws.experiment()
    other = ws.experiment()
    a, b = ws.run(experiment), ws.run(experiment)
    expect_status(ws.log(a, params=[{"key": "lr", "value": "0.1"}], metrics=[metric("loss", 1.0)],
                         tags=[{"key": "team", "value": "x"}]), 204)
    expect_status(ws.log(b, params=[{"key": "depth", "value": "3"}], metrics=[metric("val/auc", 0.5)]), 204)
    expect_status(ws.client.delete(f"{ws.base}/runs/{b['id']}"), 204)
    expect_status(ws.log(ws.run(other), params=[{"key": "elsewhere", "value": "1"}]), 204)

    keys = expect_json(ws.client.get(f"{ws.base}/experiments/{experiment['id']}/keys"))
    assert keys["params"] == ["depth", "lr"]
    assert keys["metrics"] == ["loss", "val/auc"]
    assert "team" in keys["tags"] and "mlflow.runName" in keys["tags"]
    assert keys["tags"] == sorted(keys["tags"])
    empty = expect_json(ws.client.get(f"{ws.base}/experiments/{ws.experiment()['id']}/keys"))
    assert empty == {"params": [], "metrics": [], "tags": []}


def test_experiment_keys_of_another_organization_answer_404(ws, signup, make_org, make_project):
    experiment = ws.experiment()
    stranger = signup()
    theirs = Workspace(stranger, make_org(stranger), None)
    theirs.project = make_project(stranger, theirs.org)
    expect_error(stranger.client.get(f"{theirs.base}/experiments/{experiment['id']}/keys"), 404)
    expect_error(stranger.client.get(f"{ws.base}/experiments/{experiment['id']}/keys"), 404)


def test_search_counts_every_matching_run_when_asked(ws):
    experiment = ws.experiment()
    for i in range(7):
        expect_status(ws.log(ws.run(experiment), params=[{"key": "i", "value": str(i)}]), 204)
    page = ws.search(experiment_ids=[experiment["id"]], max_results=2, count_total=True)
    assert len(page["items"]) == 2 and page["total"] == 7
    filtered = ws.search(experiment_ids=[experiment["id"]], filter="params.i != '0'", max_results=1,
                         count_total=True)
    assert len(filtered["items"]) == 1 and filtered["total"] == 6
    assert "total" not in ws.search(experiment_ids=[experiment["id"]])
    resp = ws.client.post(f"{ws.base}/runs/search", json={"count_total": "yes"})
    expect_error(resp, 422, field="count_total")


def test_histories_of_many_runs_and_keys_in_one_call(ws):
    experiment = ws.experiment()
    a, b, quiet = ws.run(experiment), ws.run(experiment), ws.run(experiment)
    expect_status(ws.log(a, metrics=[metric("acc", s / 500, s) for s in range(500)]
                         + [metric("loss", 1 - s / 10, s) for s in range(10)]), 204)
    expect_status(ws.log(b, metrics=[metric("loss", v, s) for s, v in enumerate([2.0, "NaN", 1.5])]), 204)

    body = {"run_ids": [b["id"], a["id"], quiet["id"], b["id"]], "keys": ["loss", "acc"], "max_points": 50}
    out = expect_json(ws.client.post(series_url(ws), json=body))["items"]
    assert [(s["run_id"], s["key"]) for s in out] == [(b["id"], "loss"), (a["id"], "loss"), (a["id"], "acc")]
    b_loss, a_loss, a_acc = out
    assert b_loss == {"run_id": b["id"], "key": "loss", "downsampled": False, "steps": [0, 1, 2],
                      "timestamps": [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_002],
                      "values": [2.0, "NaN", 1.5]}
    assert a_acc["downsampled"] and len(a_acc["steps"]) <= 50 and len(a_acc["values"]) == len(a_acc["steps"])
    assert a_acc["steps"][0] == 0 and a_acc["steps"][-1] == 499
    assert not a_loss["downsampled"] and len(a_loss["steps"]) == 10


def test_a_step_window_is_exact_not_downsampled_from_the_whole(ws):
    run = ws.run()
    expect_status(ws.log(run, metrics=[metric("acc", s, s) for s in range(1000)]), 204)
    body = {"run_ids": [run["id"]], "keys": ["acc"], "start_step": 100, "end_step": 149, "max_points": 50}
    (window,) = expect_json(ws.client.post(series_url(ws), json=body))["items"]
    assert window["steps"] == list(range(100, 150)) and not window["downsampled"]
    tail = expect_json(ws.client.post(series_url(ws), json={"run_ids": [run["id"]], "keys": ["acc"], "start_step": 990}))
    assert tail["items"][0]["steps"] == list(range(990, 1000))


@pytest.mark.parametrize(
    "body, field",
    [
        ({"keys": ["acc"]}, "run_ids"),
        ({"run_ids": [], "keys": ["acc"]}, "run_ids"),
        ({"run_ids": ["x"] * 1001, "keys": ["acc"]}, "run_ids"),
        ({"run_ids": ["x"]}, "keys"),
        ({"run_ids": ["x"], "keys": [f"k{i}" for i in range(51)]}, "keys"),
        ({"run_ids": ["x"], "keys": ["acc"], "max_points": 1}, "max_points"),
        ({"run_ids": ["x"], "keys": ["acc"], "max_points": 10001}, "max_points"),
        ({"run_ids": ["x"] * 1000, "keys": ["a", "b"], "max_points": 10000}, "max_points"),
        ({"run_ids": ["x"], "keys": ["acc"], "start_step": 5, "end_step": 4}, "end_step"),
        ({"run_ids": ["x"], "keys": ["acc"], "start_step": "5"}, "start_step"),
    ],
)
def test_histories_request_is_bounded_and_validated(ws, body, field):
    expect_error(ws.client.post(series_url(ws), json=body), 422, field=field)


def test_histories_of_a_run_of_another_project_or_organization_answer_404(ws, make_project, signup, make_org):
    mine = ws.run()
    expect_status(ws.log(mine, metrics=[metric("acc", 1.0)]), 204)
    other_project = Workspace(ws.user, ws.org, make_project(ws.user, ws.org)).run()
    body = {"run_ids": [mine["id"], other_project["id"]], "keys": ["acc"]}
    expect_error(ws.client.post(series_url(ws), json=body), 404)
    expect_error(ws.client.post(series_url(ws), json={"run_ids": [uid(32)], "keys": ["acc"]}), 404)
    stranger = signup()
    make_org(stranger)
    expect_error(stranger.client.post(series_url(ws), json={"run_ids": [mine["id"]], "keys": ["acc"]}), 404)
