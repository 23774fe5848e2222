"""Group aggregates of the runs grid over every run the search matches (not a page): per param,
tag or status value the run count and, per metric key, the mean, min and max of the runs' latest
values, computed in SQL and checked here against the same numbers computed in Python."""

from __future__ import annotations

import math

import pytest

from helpers import expect_error, expect_json, expect_status
from test_tracking import Workspace, metric


@pytest.fixture
def ws(signup, make_org, make_project) -> Workspace:
    user = signup()
    org = make_org(user)
    return Workspace(user, org, make_project(user, org))


def groups(ws: Workspace, **body) -> dict:
    return expect_json(ws.client.post(f"{ws.base}/runs/groups", json=body))


def expected(runs: list[dict], key_of, metric_keys) -> dict:
    """value -> (count, {key: (n, mean, min, max)}) from the runs' logged data."""
    out: dict = {}
    for r in runs:
        value = key_of(r)
        count, metrics = out.setdefault(value, [0, {}])
        out[value][0] = count + 1
        for k in metric_keys:
            if k in r["metrics"] and not math.isnan(r["metrics"][k]):
                metrics.setdefault(k, []).append(r["metrics"][k])
    return {v: (c, {k: (len(xs), sum(xs) / len(xs), min(xs), max(xs)) for k, xs in m.items()})
            for v, (c, m) in out.items()}


def as_map(answer: dict) -> dict:
    return {g["value"]: (g["runs"], {k: (a["runs"], a["mean"], a["min"], a["max"]) for k, a in g["metrics"].items()})
            for g in answer["groups"]}


def assert_close(got: dict, want: dict):
    assert got.keys() == want.keys()
    for value, (count, metrics) in want.items():
        assert got[value][0] == count, value
        assert got[value][1].keys() == metrics.keys(), value
        for k, (n, mean, lo, hi) in metrics.items():
            g = got[value][1][k]
            assert g[0] == n and g[2] == pytest.approx(lo) and g[3] == pytest.approx(hi)
            assert g[1] == pytest.approx(mean, rel=1e-9), (value, k)


def test_groups_cover_every_matching_run_with_metric_aggregates(ws):
    experiment = ws.experiment()
    other = ws.experiment()
    runs = []
    for i in range(30):
        model = ["xgb", "rf", "mlp"][i % 3]
        params = [{"key": "model", "value": model}, {"key": "i", "value": str(i)}] if i % 7 else [{"key": "i", "value": str(i)}]
        metrics = {"loss": 1.0 / (i + 1), "auc": 0.5 + i / 100}
        if i % 5 == 0:
            del metrics["auc"]
        if i == 4:
            metrics["loss"] = float("nan")
        run = ws.run(experiment)
        # Two values of loss: the aggregate reads the latest (highest step).
        logged = [metric("loss", 99.0, 0)] + [metric(k, "NaN" if math.isnan(v) else v, 1) for k, v in metrics.items()]
        expect_status(ws.log(run, params=params, metrics=logged), 204)
        runs.append({"model": model if i % 7 else None, "metrics": metrics, "i": i})
    expect_status(ws.log(ws.run(other), params=[{"key": "model", "value": "xgb"}], metrics=[metric("loss", 5.0)]), 204)

    answer = groups(ws, experiment_ids=[experiment["id"]], group_by="params.model", metric_keys=["loss", "auc"])
    assert answer["total_runs"] == 30 and answer["truncated"] is False and answer["group_by"] == "params.model"
    assert_close(as_map(answer), expected(runs, lambda r: r["model"], ["loss", "auc"]))
    counts = [g["runs"] for g in answer["groups"]]
    assert counts == sorted(counts, reverse=True)
    # Runs without the param form the group null, last among equals.
    assert any(g["value"] is None for g in answer["groups"])

    # The grid's filter narrows the runs grouped.
    filtered = groups(ws, experiment_ids=[experiment["id"]], filter="metrics.loss < 0.1", group_by="params.model",
                      metric_keys=["loss"])
    kept = [r for r in runs if not math.isnan(r["metrics"]["loss"]) and r["metrics"]["loss"] < 0.1]
    assert filtered["total_runs"] == len(kept)
    assert_close(as_map(filtered), expected(kept, lambda r: r["model"], ["loss"]))


def test_groups_by_tag_and_by_status(ws):
    experiment = ws.experiment()
    statuses = []
    for i in range(6):
        run = ws.run(experiment)
        expect_status(ws.log(run, tags=[{"key": "team", "value": "a" if i < 4 else "b"}],
                             metrics=[metric("acc", float(i))]), 204)
        if i % 2:
            expect_json(ws.client.patch(f"{ws.base}/runs/{run['id']}", json={"status": "FINISHED"}))
            statuses.append("FINISHED")
        else:
            statuses.append("RUNNING")
    by_tag = as_map(groups(ws, experiment_ids=[experiment["id"]], group_by="tags.team", metric_keys=["acc"]))
    assert by_tag == {"a": (4, {"acc": (4, 1.5, 0.0, 3.0)}), "b": (2, {"acc": (2, 4.5, 4.0, 5.0)})}
    by_status = as_map(groups(ws, experiment_ids=[experiment["id"]], group_by="attributes.status", metric_keys=["acc"]))
    assert by_status == {"FINISHED": (3, {"acc": (3, 3.0, 1.0, 5.0)}), "RUNNING": (3, {"acc": (3, 2.0, 0.0, 4.0)})}
    no_metrics = groups(ws, experiment_ids=[experiment["id"]], group_by="status")
    assert {g["value"]: g["metrics"] for g in no_metrics["groups"]} == {"FINISHED": {}, "RUNNING": {}}


def test_inputs_are_validated(ws):
    experiment = ws.experiment()
    url = f"{ws.base}/runs/groups"
    for bad in ["model", "params.", "metrics.loss", "tags." + "k" * 251, ""]:
        expect_error(ws.client.post(url, json={"experiment_ids": [experiment["id"]], "group_by": bad}), 422,
                     field="group_by")
    expect_error(ws.client.post(url, json={"experiment_ids": [experiment["id"]]}), 422, field="group_by")
    keys = [f"m{i}" for i in range(51)]
    expect_error(ws.client.post(url, json={"group_by": "params.x", "metric_keys": keys}), 422, field="metric_keys")
    expect_error(ws.client.post(url, json={"group_by": "params.x", "limit": 3}), 422, field="limit")
    expect_error(ws.client.post(url, json={"group_by": "params.x", "filter": "params.x >> 1"}), 400)
    assert groups(ws, group_by="params.x", metric_keys=[f"m{i}" for i in range(50)])["groups"] == []


def test_another_organizations_experiment_answers_404(ws, signup, make_org, make_project):
    experiment = ws.experiment()
    stranger = signup()
    theirs = Workspace(stranger, make_org(stranger), None)
    theirs.project = make_project(stranger, theirs.org)
    resp = stranger.client.post(f"{theirs.base}/runs/groups", json={"experiment_ids": [experiment["id"]], "group_by": "status"})
    expect_error(resp, 404)
