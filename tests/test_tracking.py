"""The native tracking API under /api/v1/orgs/{org}/projects/{project}: experiments, runs, log-batch,
search, metric histories, run comparison and run artifacts, with tenancy and roles."""

from __future__ import annotations

import hashlib
import math
import os
import urllib.parse
import uuid
from dataclasses import dataclass

import pytest

from helpers import (
    HEX32,
    collect_pages,
    expect_error,
    expect_json,
    expect_status,
    now_ms,
    project_path,
    uid,
)

EXPERIMENT_KEYS = {
    "id", "org_id", "project_id", "name", "description", "artifact_location", "lifecycle_stage", "created_at",
    "updated_at", "tags",
}
RUN_KEYS = {
    "id", "experiment_id", "project_id", "name", "status", "start_time", "end_time", "lifecycle_stage", "user_id",
    "created_by", "artifact_uri", "parent_run_id", "notes", "params", "tags", "metrics", "inputs",
}
NOTE_TAG = "mlflow.note.content"


@dataclass
class Workspace:
    """A user's organization and project, with the project's API path."""

    user: object
    org: dict
    project: dict

    @property
    def base(self) -> str:
        return project_path(self.org, self.project)

    @property
    def client(self):
        return self.user.client

    def experiment(self, name: str | None = None, **fields) -> dict:
        body = {"name": name or f"exp-{uid(8)}", **fields}
        return expect_json(self.client.post(f"{self.base}/experiments", json=body), 201)

    def run(self, experiment: dict | None = None, **fields) -> dict:
        experiment = experiment or self.experiment()
        return expect_json(self.client.post(f"{self.base}/experiments/{experiment['id']}/runs", json=fields), 201)

    def get_run(self, run: dict) -> dict:
        return expect_json(self.client.get(f"{self.base}/runs/{run['id']}"))

    def log(self, run: dict, *, metrics=(), params=(), tags=()):
        body = {"metrics": list(metrics), "params": list(params), "tags": list(tags)}
        return self.client.post(f"{self.base}/runs/{run['id']}/log-batch", json=body)

    def history(self, run: dict, key: str, **params) -> dict:
        path = f"{self.base}/runs/{run['id']}/metrics/{urllib.parse.quote(key, safe='')}/history"
        return expect_json(self.client.get(path, params=params))

    def search(self, **body) -> dict:
        return expect_json(self.client.post(f"{self.base}/runs/search", json=body))

    def artifact_url(self, run: dict, path: str = "") -> str:
        url = f"{self.base}/runs/{run['id']}/artifacts"
        return f"{url}/{path}" if path else url


@pytest.fixture
def ws(signup, make_org, make_project) -> Workspace:
    user = signup()
    org = make_org(user)
    return Workspace(user, org, make_project(user, org))


def metric(key, value, step=0, timestamp=None):
    return {"key": key, "value": value, "step": step, "timestamp": timestamp if timestamp is not None else 1_700_000_000_000 + step}


# ----------------------------------------------------------------------------- experiments


def test_experiment_crud_round_trip(ws):
    before = now_ms()
    created = ws.experiment("churn-baseline", description="First try", tags={"team": "growth"})
    assert set(created) == EXPERIMENT_KEYS
    assert created["id"].isdigit() and created["project_id"] == ws.project["id"] and created["org_id"] == ws.org["id"]
    assert created["name"] == "churn-baseline" and created["description"] == "First try"
    assert created["tags"] == {"team": "growth", NOTE_TAG: "First try"}
    assert created["lifecycle_stage"] == "active"
    assert before - 1000 <= created["created_at"] <= now_ms() + 1000
    url = f"{ws.base}/experiments/{created['id']}"
    assert expect_json(ws.client.get(url)) == created

    patched = expect_json(ws.client.patch(url, json={"name": "churn-v2", "description": "Second try"}))
    assert patched["name"] == "churn-v2" and patched["description"] == "Second try"
    assert patched["tags"][NOTE_TAG] == "Second try" and patched["updated_at"] >= created["updated_at"]

    tagged = expect_json(ws.client.put(f"{url}/tags/stage", json={"value": "prod"}))
    assert tagged["tags"]["stage"] == "prod"
    expect_status(ws.client.delete(f"{url}/tags/stage"), 204)
    assert "stage" not in expect_json(ws.client.get(url))["tags"]
    expect_error(ws.client.delete(f"{url}/tags/stage"), 404)

    cleared = expect_json(ws.client.patch(url, json={"description": ""}))
    assert cleared["description"] == "" and NOTE_TAG not in cleared["tags"]


def test_experiment_soft_delete_and_restore(ws):
    experiment = ws.experiment()
    run = ws.run(experiment)
    url = f"{ws.base}/experiments/{experiment['id']}"
    expect_status(ws.client.delete(url), 204)
    assert expect_json(ws.client.get(url))["lifecycle_stage"] == "deleted"
    assert ws.get_run(run)["lifecycle_stage"] == "deleted"
    listed = lambda view: [e["id"] for e in expect_json(ws.client.get(f"{ws.base}/experiments", params={"view": view}))["items"]]
    assert experiment["id"] not in listed("active")
    assert experiment["id"] in listed("deleted") and experiment["id"] in listed("all")

    restored = expect_json(ws.client.post(f"{url}/restore"))
    assert restored["lifecycle_stage"] == "active"
    assert experiment["id"] in listed("active") and experiment["id"] not in listed("deleted")
    assert ws.get_run(run)["lifecycle_stage"] == "active"


def test_experiment_names_are_unique_in_a_project(ws):
    first = ws.experiment("same-name")
    other = ws.experiment("other-name")
    expect_error(ws.client.post(f"{ws.base}/experiments", json={"name": "same-name"}), 409, field="name")
    expect_error(ws.client.patch(f"{ws.base}/experiments/{other['id']}", json={"name": "same-name"}), 409, field="name")
    assert expect_json(ws.client.get(f"{ws.base}/experiments/{other['id']}"))["name"] == "other-name"
    assert expect_json(ws.client.get(f"{ws.base}/experiments/{first['id']}"))["name"] == "same-name"


@pytest.mark.parametrize(
    "body,field",
    [({}, "name"), ({"name": ""}, "name"), ({"name": 5}, "name"), ({"name": "x", "tags": ["a"]}, "tags"),
     ({"name": "x", "tags": {"k": 1}}, "tags.k"), ({"name": "x", "description": "d" * 5001}, "description")],
    ids=["missing-name", "empty-name", "number-name", "tags-list", "tag-number", "long-description"],
)
def test_experiment_create_rejects_bad_fields_naming_them(ws, body, field):
    expect_error(ws.client.post(f"{ws.base}/experiments", json=body), 422, field=field)
    assert expect_json(ws.client.get(f"{ws.base}/experiments"))["items"] == []


def test_experiment_list_searches_sorts_and_pages(ws):
    names = [f"bert-{i}" for i in range(5)] + ["resnet-a", "resnet-b", "50%_off"]
    created = {name: ws.experiment(name) for name in names}
    everything, pages = collect_pages(ws.client, f"{ws.base}/experiments", {"sort": "name"}, limit=3)
    assert [e["name"] for e in everything] == sorted(names)
    assert len(pages) == 3
    bert, _ = collect_pages(ws.client, f"{ws.base}/experiments", {"q": "BERT", "sort": "-name"}, limit=2)
    assert [e["name"] for e in bert] == [f"bert-{i}" for i in reversed(range(5))]
    # % and _ are literal characters in q, not wildcards.
    literal, _ = collect_pages(ws.client, f"{ws.base}/experiments", {"q": "%_"}, limit=50)
    assert [e["id"] for e in literal] == [created["50%_off"]["id"]]
    newest_first, _ = collect_pages(ws.client, f"{ws.base}/experiments", {}, limit=50)
    assert [e["created_at"] for e in newest_first] == sorted((e["created_at"] for e in newest_first), reverse=True)
    expect_error(ws.client.get(f"{ws.base}/experiments", params={"sort": "colour"}), 400, field="sort")
    expect_error(ws.client.get(f"{ws.base}/experiments", params={"view": "gone"}), 400, field="view")


def test_description_is_the_tag_mlflow_reads(ws):
    experiment = ws.experiment(description="Shown in MLflow's UI")
    org, project = ws.org["slug"], ws.project["slug"]
    resp = ws.client.get(f"/p/{org}/{project}/api/2.0/mlflow/experiments/get", params={"experiment_id": experiment["id"]})
    tags = {t["key"]: t["value"] for t in expect_json(resp)["experiment"]["tags"]}
    assert tags[NOTE_TAG] == "Shown in MLflow's UI"


def test_experiment_of_another_project_answers_404(ws, make_project):
    other = Workspace(ws.user, ws.org, make_project(ws.user, ws.org))
    experiment = other.experiment()
    for method, suffix, body in [("GET", "", None), ("PATCH", "", {"name": "stolen"}), ("DELETE", "", None),
                                 ("POST", "/restore", None), ("PUT", "/tags/k", {"value": "v"}),
                                 ("POST", "/runs", {})]:
        resp = ws.client.request(method, f"{ws.base}/experiments/{experiment['id']}{suffix}", json=body)
        expect_error(resp, 404)
    assert expect_json(other.client.get(f"{other.base}/experiments/{experiment['id']}")) == experiment


# ----------------------------------------------------------------------------- runs


def test_run_create_get_update_round_trip(ws):
    experiment = ws.experiment()
    parent = ws.run(experiment, name="parent")
    run = ws.run(experiment, name="child", tags={"model": "bert"}, parent_run_id=parent["id"], start_time=1_700_000_000_000)
    assert set(run) == RUN_KEYS
    assert HEX32.match(run["id"]) and run["experiment_id"] == experiment["id"]
    assert run["name"] == "child" and run["status"] == "RUNNING" and run["start_time"] == 1_700_000_000_000
    assert run["end_time"] is None and run["lifecycle_stage"] == "active" and run["notes"] == ""
    assert run["user_id"] == ws.user.id and run["created_by"] == ws.user.id
    assert run["parent_run_id"] == parent["id"] and run["tags"]["mlflow.parentRunId"] == parent["id"]
    assert run["tags"]["model"] == "bert" and run["tags"]["mlflow.runName"] == "child"
    assert run["params"] == {} and run["metrics"] == {} and run["inputs"] == []
    assert ws.get_run(run) == run

    url = f"{ws.base}/runs/{run['id']}"
    updated = expect_json(ws.client.patch(url, json={"status": "FINISHED", "end_time": 1_700_000_360_000,
                                                     "name": "child-renamed", "notes": "Converged early"}))
    assert updated["status"] == "FINISHED" and updated["end_time"] == 1_700_000_360_000
    assert updated["name"] == "child-renamed" and updated["tags"]["mlflow.runName"] == "child-renamed"
    assert updated["notes"] == "Converged early" and updated["tags"][NOTE_TAG] == "Converged early"
    assert ws.get_run(run) == updated

    expect_error(ws.client.patch(url, json={"status": "DONE"}), 422, field="status")
    expect_error(ws.client.patch(url, json={"end_time": "soon"}), 422, field="end_time")
    assert ws.get_run(run) == updated


def test_a_run_gets_a_generated_name_when_none_is_given(ws):
    run = ws.run()
    assert run["name"] and run["tags"]["mlflow.runName"] == run["name"]


def test_a_run_may_keep_a_given_id_once(ws, make_project):
    """What import-mlflow relies on: an MLflow run id (32 hex) kept, so runs:/<id>/... still resolves."""
    given = uuid.uuid4().hex
    run = ws.run(id=given)
    assert run["id"] == given and ws.get_run(run)["id"] == given
    experiment = ws.experiment()
    path = f"{ws.base}/experiments/{experiment['id']}/runs"
    expect_error(ws.client.post(path, json={"id": given}), 409)
    # Taken in another project too: ids are unique across the server.
    other = Workspace(ws.user, ws.org, make_project(ws.user, ws.org))
    expect_error(other.client.post(f"{other.base}/experiments/{other.experiment()['id']}/runs", json={"id": given}), 409)
    for bad in ("ABCDEF" * 5 + "AB", "x" * 32, given[:31]):
        expect_error(ws.client.post(path, json={"id": bad}), 422, field="id")


def test_a_nul_character_is_kept_exactly_or_refused_whole(ws, backend):
    """PostgreSQL cannot store NUL in text: there the batch is refused with 400 saying so and nothing of it
    is stored; SQLite keeps the value byte for byte. Either way nothing stored is half-written."""
    run = ws.run()
    resp = ws.log(run, params=[{"key": "ok", "value": "1"}], tags=[{"key": "note", "value": "a\u0000b"}])
    stored = ws.get_run(run)
    if backend == "postgres":
        expect_error(resp, 400, message_contains="NUL")
        assert "ok" not in stored["params"] and "note" not in stored["tags"]
    else:
        expect_status(resp, 204)
        assert stored["tags"]["note"] == "a\u0000b" and stored["params"]["ok"] == "1"


def test_parent_run_must_belong_to_the_project(ws, make_project):
    other = Workspace(ws.user, ws.org, make_project(ws.user, ws.org))
    foreign = other.run()
    experiment = ws.experiment()
    resp = ws.client.post(f"{ws.base}/experiments/{experiment['id']}/runs", json={"parent_run_id": foreign["id"]})
    expect_error(resp, 422, field="parent_run_id")
    assert ws.search()["items"] == []


def test_run_of_another_project_answers_404_through_this_projects_path(ws, make_project):
    # The caller sees both projects; a run is still only reachable under its own project's path.
    other = Workspace(ws.user, ws.org, make_project(ws.user, ws.org))
    run = other.run()
    expect_status(other.log(run, metrics=[metric("loss", 1)]), 204)
    expect_status(other.client.put(other.artifact_url(run, "f.txt"), content=b"theirs"), 201)
    before = other.get_run(run)
    mine = ws.run()
    url = f"{ws.base}/runs/{run['id']}"
    for method, suffix, body in [("GET", "", None), ("PATCH", "", {"status": "KILLED"}), ("DELETE", "", None),
                                 ("POST", "/restore", None), ("POST", "/inputs", {"datasets": [{"name": "d", "digest": "x"}]}),
                                 ("POST", "/log-batch", {"params": [{"key": "x", "value": "1"}]}),
                                 ("GET", "/metrics/loss/history", None), ("GET", "/artifacts", None),
                                 ("GET", "/artifacts/f.txt", None), ("PUT", "/artifacts/f.txt", b"mine"),
                                 ("DELETE", "/artifacts/f.txt", None)]:
        kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
        expect_error(ws.client.request(method, url + suffix, **kwargs), 404)
    for path, body in [("/metrics/history", {"run_ids": [run["id"]], "key": "loss"}),
                       ("/runs/compare", {"run_ids": [mine["id"], run["id"]]})]:
        expect_error(ws.client.post(ws.base + path, json=body), 404)
    assert other.get_run(run) == before
    assert other.client.get(other.artifact_url(run, "f.txt")).content == b"theirs"


def test_run_delete_and_restore(ws):
    run = ws.run()
    url = f"{ws.base}/runs/{run['id']}"
    expect_status(ws.client.delete(url), 204)
    assert ws.get_run(run)["lifecycle_stage"] == "deleted"
    assert [r["id"] for r in ws.search()["items"]] == []
    assert [r["id"] for r in ws.search(view="deleted")["items"]] == [run["id"]]
    restored = expect_json(ws.client.post(f"{url}/restore"))
    assert restored["lifecycle_stage"] == "active"
    assert [r["id"] for r in ws.search()["items"]] == [run["id"]]


def test_log_batch_stores_metrics_params_and_tags(ws):
    run = ws.run()
    expect_status(ws.log(run, metrics=[metric("loss", 0.9, 0), metric("loss", 0.5, 1), metric("acc", 1)],
                         params=[{"key": "lr", "value": "0.01"}], tags=[{"key": "gpu", "value": "a100"}]), 204)
    got = ws.get_run(run)
    assert got["params"] == {"lr": "0.01"} and got["tags"]["gpu"] == "a100"
    assert got["metrics"]["loss"] == {"value": 0.5, "step": 1, "timestamp": 1_700_000_000_001}
    assert got["metrics"]["acc"]["value"] == 1


def test_log_batch_is_atomic(ws):
    run = ws.run()
    expect_status(ws.log(run, params=[{"key": "lr", "value": "0.01"}]), 204)
    before = ws.get_run(run)
    # One invalid param name spoils the whole batch.
    resp = ws.log(run, metrics=[metric("loss", 0.1)], params=[{"key": "ok", "value": "1"}, {"key": "../up", "value": "2"}],
                  tags=[{"key": "t", "value": "v"}])
    expect_error(resp, 422, field="params", message_contains="../up")
    # A param that contradicts a stored one does too, even when it comes after good data.
    resp = ws.log(run, metrics=[metric("loss", 0.1)], params=[{"key": "batch", "value": "32"}, {"key": "lr", "value": "0.02"}],
                  tags=[{"key": "t", "value": "v"}])
    expect_error(resp, 422, message_contains="lr")
    # And a malformed metric value.
    resp = ws.log(run, metrics=[metric("loss", 0.1), metric("acc", "high")], params=[{"key": "batch", "value": "32"}])
    expect_error(resp, 422, field="metrics[1].value")
    assert ws.get_run(run) == before
    assert ws.history(run, "loss")["points"] == []


def test_retried_log_batch_is_harmless(ws):
    run = ws.run()
    batch = dict(metrics=[metric("loss", 1.0 / (s + 1), s) for s in range(50)], params=[{"key": "lr", "value": "0.1"}],
                 tags=[{"key": "phase", "value": "train"}])
    expect_status(ws.log(run, **batch), 204)
    first = ws.get_run(run)
    expect_status(ws.log(run, **batch), 204)
    assert ws.get_run(run) == first
    points = ws.history(run, "loss")["points"]
    assert [p["step"] for p in points] == list(range(50))


def test_nan_and_infinity_round_trip_as_strings(ws):
    run = ws.run()
    values = ["NaN", "Infinity", "-Infinity", 2.5]
    expect_status(ws.log(run, metrics=[metric("odd", v, step) for step, v in enumerate(values)]), 204)
    points = ws.history(run, "odd")["points"]
    assert [p["value"] for p in points] == values
    assert ws.get_run(run)["metrics"]["odd"]["value"] == 2.5
    expect_status(ws.log(run, metrics=[metric("last", "-Infinity", 9)]), 204)
    assert ws.get_run(run)["metrics"]["last"]["value"] == "-Infinity"
    for bad in ["nan", "inf", "1.5", None, True]:
        expect_error(ws.log(run, metrics=[metric("odd", bad, 20)]), 422, field="metrics[0].value")


def test_params_are_immutable_but_repeating_a_value_is_fine(ws):
    run = ws.run()
    expect_status(ws.log(run, params=[{"key": "optimizer", "value": "adam"}]), 204)
    expect_status(ws.log(run, params=[{"key": "optimizer", "value": "adam"}]), 204)
    resp = ws.log(run, params=[{"key": "optimizer", "value": "sgd"}])
    assert resp.status_code in (400, 422)
    expect_error(resp, resp.status_code, message_contains="optimizer")
    assert ws.get_run(run)["params"] == {"optimizer": "adam"}


def test_log_batch_enforces_mlflow_limits(ws):
    run = ws.run()
    expect_error(ws.log(run, params=[{"key": f"p{i}", "value": "1"} for i in range(101)]), 422, field="params")
    expect_error(ws.log(run, metrics=[metric("m", 1, s) for s in range(1001)]), 422, field="metrics")
    expect_error(ws.log(run, tags=[{"key": "t", "value": "x" * 8001}]), 422, field="tags[0].value")
    assert ws.get_run(run)["params"] == {}


def test_log_batch_on_a_deleted_run_is_refused(ws):
    run = ws.run()
    expect_status(ws.client.delete(f"{ws.base}/runs/{run['id']}"), 204)
    expect_error(ws.log(run, metrics=[metric("loss", 1)]), 422)


def test_inputs_are_recorded_with_their_context(ws):
    run = ws.run()
    body = {"datasets": [{"name": "train", "digest": "abc123", "source_type": "local", "source": "/data/train.csv",
                          "schema": '{"cols": ["a"]}', "context": "training"}]}
    expect_status(ws.client.post(f"{ws.base}/runs/{run['id']}/inputs", json=body), 204)
    expect_status(ws.client.post(f"{ws.base}/runs/{run['id']}/inputs", json=body), 204)
    assert ws.get_run(run)["inputs"] == [{"name": "train", "digest": "abc123", "source_type": "local",
                                          "source": "/data/train.csv", "schema": '{"cols": ["a"]}', "profile": "",
                                          "context": "training"}]
    expect_error(ws.client.post(f"{ws.base}/runs/{run['id']}/inputs", json={"datasets": [{"name": "x"}]}), 422,
                 field="datasets[0].digest")


# ----------------------------------------------------------------------------- search


def test_search_filters_orders_and_pages(ws):
    first, second = ws.experiment(), ws.experiment()
    runs = {}
    for i in range(7):
        run = ws.run(first if i % 2 else second, name=f"r{i}")
        expect_status(ws.log(run, metrics=[metric("acc", i / 10)], params=[{"key": "depth", "value": str(i)}],
                             tags=[{"key": "family", "value": "tree" if i < 4 else "linear"}]), 204)
        runs[i] = run["id"]

    # No experiment_ids: every experiment of the project.
    ordered = ws.search(order_by=["metrics.acc DESC"])
    assert [r["id"] for r in ordered["items"]] == [runs[i] for i in reversed(range(7))]
    assert ordered["next_page_token"] is None

    found = ws.search(filter="metrics.acc > 0.25 and tags.family = 'tree'", order_by=["params.depth ASC"])
    assert [r["id"] for r in found["items"]] == [runs[3]]
    only_first = ws.search(experiment_ids=[first["id"]], order_by=["attributes.run_name"])
    assert [r["name"] for r in only_first["items"]] == ["r1", "r3", "r5"]

    seen, token, pages = [], None, 0
    while True:
        body = {"max_results": 3, "order_by": ["metrics.acc ASC"]}
        if token:
            body["page_token"] = token
        page = ws.search(**body)
        assert len(page["items"]) <= 3
        seen += [r["id"] for r in page["items"]]
        pages += 1
        token = page["next_page_token"]
        if token is None:
            break
    assert seen == [runs[i] for i in range(7)] and pages == 3


def test_params_that_spell_numbers_sort_by_their_number(ws):
    """MLflow keeps params as text, so a text order puts depth 12 before 2. The native search
    orders numbers by value, then the params that are not numbers by text, then runs without the
    param; MLflow's own API keeps MLflow's text order (tests/mlflow/test_mlflow_search.py)."""
    experiment = ws.experiment()
    depth = {}
    for value in ["8", "6", "4", "2", "12", "-1.5", "1e1", "deep", "0x10", None]:
        run = ws.run(experiment, name=f"depth-{value}")
        if value is not None:
            expect_status(ws.log(run, params=[{"key": "depth", "value": value}]), 204)
        depth[run["id"]] = value

    def order(direction: str) -> list:
        found = ws.search(experiment_ids=[experiment["id"]], order_by=[f"params.depth {direction}"])
        return [depth[r["id"]] for r in found["items"]]

    assert order("ASC") == ["-1.5", "2", "4", "6", "8", "1e1", "12", "0x10", "deep", None]
    assert order("DESC") == ["12", "1e1", "8", "6", "4", "2", "-1.5", "deep", "0x10", None]


def test_search_filter_syntax_error_says_where(ws):
    ws.run()
    err = expect_error(ws.client.post(f"{ws.base}/runs/search", json={"filter": "metrics.acc >> 0.5"}), 400, field="filter")
    assert "position" in err["message"]
    expect_error(ws.client.post(f"{ws.base}/runs/search", json={"order_by": ["metrics.acc SIDEWAYS"]}), 400,
                 field="order_by")
    expect_error(ws.client.post(f"{ws.base}/runs/search", json={"max_results": 0}), 422, field="max_results")
    expect_error(ws.client.post(f"{ws.base}/runs/search", json={"page_token": "garbage"}), 400, field="page_token")


def test_search_refuses_an_experiment_of_another_project(ws, make_project):
    other = Workspace(ws.user, ws.org, make_project(ws.user, ws.org))
    foreign = other.run()
    ws.run()
    expect_error(ws.client.post(f"{ws.base}/runs/search", json={"experiment_ids": [foreign["experiment_id"]]}), 404)
    assert foreign["id"] not in [r["id"] for r in ws.search()["items"]]


# ----------------------------------------------------------------------------- metric histories


def test_history_is_complete_or_downsampled_keeping_first_and_last(ws):
    run = ws.run()
    n = 5000
    for start in range(0, n, 1000):
        points = [metric("loss", math.sin(s / 50) + s / 1000, s) for s in range(start, start + 1000)]
        expect_status(ws.log(run, metrics=points), 204)

    full = ws.history(run, "loss")
    assert full["run_id"] == run["id"] and full["key"] == "loss" and full["downsampled"] is False
    assert [p["step"] for p in full["points"]] == list(range(n))
    assert full["points"][1234]["value"] == pytest.approx(math.sin(1234 / 50) + 1.234)

    small = ws.history(run, "loss", max_points=100)
    assert small["downsampled"] is True and 2 < len(small["points"]) <= 100
    steps = [p["step"] for p in small["points"]]
    assert steps[0] == 0 and steps[-1] == n - 1 and steps == sorted(steps)
    expect_error(ws.client.get(f"{ws.base}/runs/{run['id']}/metrics/loss/history", params={"max_points": 1}), 400,
                 field="max_points")
    assert ws.history(run, "missing")["points"] == []


def test_a_long_history_is_downsampled_from_bucket_summaries(ws):
    # 128 buckets of 1,024 steps, a point every 64 steps (2,048 points), one spike: long enough that the
    # downsampled history is picked from each bucket's first, last, lowest and highest point instead of
    # from every point (server/src/stats/step_summary.hpp), on both databases.
    run = ws.run()
    steps = range(0, 128 * 1024, 64)
    value = {s: math.sin(s / 3000) + (s % 640) / 10000 for s in steps}
    value[77 * 1024 + 320] = 40.0
    value[5 * 1024] = float("nan")
    points = [metric("loss", "NaN" if math.isnan(v) else v, s) for s, v in value.items()]
    for start in range(0, len(points), 1000):
        expect_status(ws.log(run, metrics=points[start:start + 1000]), 204)

    by_bucket = {}
    for s, v in value.items():
        by_bucket.setdefault(s // 1024, []).append((s, v))
    def rank(point):  # NaN ranks on top, as the summaries rank it
        return (math.isnan(point[1]), 0 if math.isnan(point[1]) else point[1])
    extremes = set()
    for members in by_bucket.values():
        extremes |= {members[0][0], members[-1][0], min(members, key=rank)[0], max(members, key=rank)[0]}

    small = ws.history(run, "loss", max_points=100)
    got = [p["step"] for p in small["points"]]
    assert small["downsampled"] and len(got) <= 100 and got == sorted(got)
    assert got[0] == 0 and got[-1] == steps[-1]
    assert 77 * 1024 + 320 in got and 5 * 1024 in got  # the spike and the NaN survive
    assert set(got) <= extremes  # every point shown is a bucket's summary point, so no history was read whole
    for p in small["points"]:
        expected = value[p["step"]]
        assert p["value"] == "NaN" if math.isnan(expected) else p["value"] == pytest.approx(expected)

    body = {"run_ids": [run["id"]], "key": "loss", "max_points": 100}
    many = expect_json(ws.client.post(f"{ws.base}/metrics/history", json=body))["items"][0]
    assert [p["step"] for p in many["points"]] == got and many["downsampled"]
    window_body = {"run_ids": [run["id"]], "keys": ["loss"], "max_points": 100, "start_step": 1000,
                   "end_step": 119_999}
    (window,) = expect_json(ws.client.post(f"{ws.base}/runs/metrics/histories", json=window_body))["items"]
    assert window["downsampled"] and len(window["steps"]) <= 100
    assert window["steps"][0] == 1024 and window["steps"][-1] == 119_936  # the cut buckets' points inside only
    assert set(window["steps"]) - {1024, 119_936} <= extremes

    # Asked for more points than the history holds: the whole of it, exactly.
    whole = ws.history(run, "loss", max_points=5000)
    assert not whole["downsampled"] and [p["step"] for p in whole["points"]] == list(steps)


def test_history_of_a_key_with_a_slash(ws):
    run = ws.run()
    expect_status(ws.log(run, metrics=[metric("train/loss", 0.3, 0), metric("train/loss", 0.2, 1)]), 204)
    assert [p["value"] for p in ws.history(run, "train/loss")["points"]] == [0.3, 0.2]


def test_bulk_history_for_many_runs_in_one_call(ws):
    experiment = ws.experiment()
    a, b, empty = ws.run(experiment), ws.run(experiment), ws.run(experiment)
    expect_status(ws.log(a, metrics=[metric("acc", s / 500, s) for s in range(500)]), 204)
    expect_status(ws.log(b, metrics=[metric("acc", 1 - s / 20, s) for s in range(20)]), 204)
    body = {"run_ids": [a["id"], b["id"], empty["id"]], "key": "acc", "max_points": 50}
    out = expect_json(ws.client.post(f"{ws.base}/metrics/history", json=body))
    assert out["key"] == "acc" and [s["run_id"] for s in out["items"]] == [a["id"], b["id"], empty["id"]]
    sa, sb, se = out["items"]
    assert sa["downsampled"] and len(sa["points"]) <= 50 and sa["points"][0]["step"] == 0 and sa["points"][-1]["step"] == 499
    assert not sb["downsampled"] and [p["step"] for p in sb["points"]] == list(range(20))
    assert se["points"] == []
    whole = expect_json(ws.client.post(f"{ws.base}/metrics/history", json={"run_ids": [a["id"]], "key": "acc"}))
    assert len(whole["items"][0]["points"]) == 500

    too_many = {"run_ids": [uid(32) for _ in range(101)], "key": "acc"}
    expect_error(ws.client.post(f"{ws.base}/metrics/history", json=too_many), 422, field="run_ids")
    expect_error(ws.client.post(f"{ws.base}/metrics/history", json={"run_ids": [a["id"], uid(32)], "key": "acc"}), 404)


# ----------------------------------------------------------------------------- compare


def test_compare_lines_up_params_and_metric_ranges(ws):
    experiment = ws.experiment()
    a, b = ws.run(experiment, name="a"), ws.run(experiment, name="b")
    expect_status(ws.log(a, params=[{"key": "lr", "value": "0.1"}, {"key": "depth", "value": "3"},
                                    {"key": "only_a", "value": "x"}],
                         metrics=[metric("loss", v, s) for s, v in enumerate([0.9, 0.2, 0.4, "NaN", 0.5])]), 204)
    expect_status(ws.log(b, params=[{"key": "lr", "value": "0.1"}, {"key": "depth", "value": "5"}],
                         metrics=[metric("loss", v, s) for s, v in enumerate([2.0, "Infinity", 1.5])]
                         + [metric("acc", 0.7, 0)]), 204)

    out = expect_json(ws.client.post(f"{ws.base}/runs/compare", json={"run_ids": [a["id"], b["id"]]}))
    assert [r["id"] for r in out["runs"]] == [a["id"], b["id"]] and [r["name"] for r in out["runs"]] == ["a", "b"]
    params = {p["key"]: p for p in out["params"]}
    assert list(params) == ["depth", "lr", "only_a"]
    assert params["lr"] == {"key": "lr", "values": {a["id"]: "0.1", b["id"]: "0.1"}, "differs": False}
    assert params["depth"]["differs"] is True and params["depth"]["values"] == {a["id"]: "3", b["id"]: "5"}
    assert params["only_a"]["differs"] is True and params["only_a"]["values"] == {a["id"]: "x", b["id"]: None}

    metrics = {m["key"]: m for m in out["metrics"]}
    loss_a, loss_b = metrics["loss"]["values"][a["id"]], metrics["loss"]["values"][b["id"]]
    assert loss_a["last"] == 0.5 and loss_a["step"] == 4 and loss_a["min"] == 0.2 and loss_a["max"] == 0.9
    assert loss_b["last"] == 1.5 and loss_b["min"] == 1.5 and loss_b["max"] == "Infinity"
    assert metrics["loss"]["differs"] is True
    assert metrics["acc"]["values"][a["id"]] is None and metrics["acc"]["values"][b["id"]]["min"] == 0.7


def test_compare_takes_two_to_ten_distinct_runs_of_the_project(ws, make_project):
    a, b = ws.run(), ws.run()
    url = f"{ws.base}/runs/compare"
    expect_error(ws.client.post(url, json={"run_ids": [a["id"]]}), 422, field="run_ids")
    expect_error(ws.client.post(url, json={"run_ids": [a["id"]] * 2}), 422, field="run_ids")
    expect_error(ws.client.post(url, json={"run_ids": [uid(32) for _ in range(11)]}), 422, field="run_ids")
    foreign = Workspace(ws.user, ws.org, make_project(ws.user, ws.org)).run()
    expect_error(ws.client.post(url, json={"run_ids": [a["id"], foreign["id"]]}), 404)
    assert len(expect_json(ws.client.post(url, json={"run_ids": [a["id"], b["id"]]}))["runs"]) == 2


# ----------------------------------------------------------------------------- artifacts


def test_artifacts_upload_list_download_delete_binary_exact(ws):
    run = ws.run()
    files = {
        "model/weights.bin": os.urandom(300_000) + bytes(range(256)),
        "model/config/params.json": b'{"layers": 12}',
        "notes.txt": "h\u00e9llo\n".encode(),
    }
    for path, data in files.items():
        uploaded = expect_json(ws.client.put(ws.artifact_url(run, path), content=data), 201)
        assert uploaded == {"path": path, "size": len(data)}

    root = expect_json(ws.client.get(ws.artifact_url(run)))
    assert root["root_uri"] == run["artifact_uri"] and root["path"] == ""
    assert [(e["path"], e["is_dir"]) for e in root["items"]] == [("model", True), ("notes.txt", False)]
    model = expect_json(ws.client.get(ws.artifact_url(run), params={"path": "model"}))
    assert {e["path"]: e["size"] for e in model["items"]} == {"model/config": None,
                                                             "model/weights.bin": len(files["model/weights.bin"])}

    for path, data in files.items():
        resp = expect_status(ws.client.get(ws.artifact_url(run, path)), 200)
        assert hashlib.sha256(resp.content).hexdigest() == hashlib.sha256(data).hexdigest()
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["content-disposition"].startswith("attachment;")
        assert path.rsplit("/", 1)[-1] in resp.headers["content-disposition"]
    assert resp.headers["content-type"].startswith("text/plain")

    expect_status(ws.client.delete(ws.artifact_url(run, "model/config")), 204)
    expect_error(ws.client.get(ws.artifact_url(run, "model/config/params.json")), 404)
    assert ws.client.get(ws.artifact_url(run, "model/weights.bin")).content == files["model/weights.bin"]


@pytest.mark.parametrize(
    "raw_path",
    ["a/%2E%2E/%2E%2E/secret.txt", "..%2F..%2Fsecret.txt", "a%5Cb.txt", "a/%00.txt", "%2Fetc%2Fpasswd"],
    ids=["dot-dot-segments", "encoded-slashes", "backslash", "nul", "absolute"],
)
def test_artifact_path_traversal_is_rejected(ws, raw_path):
    run = ws.run()
    expect_error(ws.client.put(ws.artifact_url(run, raw_path), content=b"x"), 400)
    expect_error(ws.client.get(ws.artifact_url(run, raw_path)), 400)
    assert expect_json(ws.client.get(ws.artifact_url(run)))["items"] == []


def test_artifact_listing_rejects_traversal(ws):
    run = ws.run()
    expect_error(ws.client.get(ws.artifact_url(run), params={"path": "../other-run"}), 400, field="path")


# ----------------------------------------------------------------------------- tenancy and roles


def test_another_org_cannot_see_or_touch_anything(cairn, ws, signup, make_org, make_project):
    experiment = ws.experiment()
    run = ws.run(experiment)
    expect_status(ws.log(run, metrics=[metric("loss", 1)]), 204)
    expect_status(ws.client.put(ws.artifact_url(run, "f.txt"), content=b"secret"), 201)
    before = ws.get_run(run)

    outsider = signup()
    own = Workspace(outsider, make_org(outsider), None)
    own.project = make_project(outsider, own.org)
    for base in (ws.base, own.base):
        calls = [
            ("GET", f"{base}/experiments", None),
            ("GET", f"{base}/experiments/{experiment['id']}", None),
            ("PATCH", f"{base}/experiments/{experiment['id']}", {"name": "mine"}),
            ("POST", f"{base}/experiments/{experiment['id']}/runs", {}),
            ("GET", f"{base}/runs/{run['id']}", None),
            ("PATCH", f"{base}/runs/{run['id']}", {"status": "KILLED"}),
            ("DELETE", f"{base}/runs/{run['id']}", None),
            ("POST", f"{base}/runs/{run['id']}/log-batch", {"params": [{"key": "x", "value": "1"}]}),
            ("GET", f"{base}/runs/{run['id']}/metrics/loss/history", None),
            ("POST", f"{base}/runs/compare", {"run_ids": [run["id"], run["id"] + "0"]}),
            ("GET", f"{base}/runs/{run['id']}/artifacts", None),
            ("GET", f"{base}/runs/{run['id']}/artifacts/f.txt", None),
            ("PUT", f"{base}/runs/{run['id']}/artifacts/f.txt", b"overwritten"),
        ]
        if base == ws.base:
            calls.append(("POST", f"{base}/runs/search", {}))
        for method, url, body in calls:
            if base == own.base and url.endswith("/experiments") and method == "GET":
                continue  # the outsider's own, empty list
            kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
            expect_error(outsider.client.request(method, url, **kwargs), 404)
    assert ws.get_run(run) == before
    assert ws.client.get(ws.artifact_url(run, "f.txt")).content == b"secret"


def test_a_viewer_reads_but_cannot_write(cairn, make_project):
    team = cairn.team("viewer")
    owner = Workspace(team.admin, team.org, make_project(team.admin, team.org))
    experiment = owner.experiment()
    run = owner.run(experiment)
    expect_status(owner.log(run, metrics=[metric("loss", 0.5)], params=[{"key": "lr", "value": "0.1"}]), 204)
    expect_status(owner.client.put(owner.artifact_url(run, "a.txt"), content=b"data"), 201)
    before = owner.get_run(run)

    viewer = Workspace(team["viewer"], team.org, owner.project)
    assert viewer.get_run(run) == before
    assert [r["id"] for r in viewer.search()["items"]] == [run["id"]]
    assert viewer.history(run, "loss")["points"][0]["value"] == 0.5
    assert viewer.client.get(viewer.artifact_url(run, "a.txt")).content == b"data"

    writes = [
        ("POST", f"{viewer.base}/experiments", {"name": "nope"}),
        ("PATCH", f"{viewer.base}/experiments/{experiment['id']}", {"name": "nope"}),
        ("DELETE", f"{viewer.base}/experiments/{experiment['id']}", None),
        ("PUT", f"{viewer.base}/experiments/{experiment['id']}/tags/k", {"value": "v"}),
        ("POST", f"{viewer.base}/experiments/{experiment['id']}/runs", {}),
        ("PATCH", f"{viewer.base}/runs/{run['id']}", {"status": "KILLED"}),
        ("DELETE", f"{viewer.base}/runs/{run['id']}", None),
        ("POST", f"{viewer.base}/runs/{run['id']}/log-batch", {"params": [{"key": "x", "value": "1"}]}),
        ("POST", f"{viewer.base}/runs/{run['id']}/inputs", {"datasets": [{"name": "d", "digest": "1"}]}),
        ("PUT", viewer.artifact_url(run, "a.txt"), b"overwritten"),
        ("DELETE", viewer.artifact_url(run, "a.txt"), None),
    ]
    for method, url, body in writes:
        kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
        expect_error(viewer.client.request(method, url, **kwargs), 403)
    assert owner.get_run(run) == before
    assert owner.client.get(owner.artifact_url(run, "a.txt")).content == b"data"
    assert [e["id"] for e in expect_json(owner.client.get(f"{owner.base}/experiments"))["items"]] == [experiment["id"]]


def test_a_read_only_key_cannot_log(cairn, ws, make_key):
    run = ws.run()
    key = make_key(ws.user, ws.org, scopes=["read"])
    client = cairn.key_client(key)
    assert expect_json(client.get(f"{ws.base}/runs/{run['id']}"))["id"] == run["id"]
    expect_error(client.post(f"{ws.base}/runs/{run['id']}/log-batch", json={"metrics": [metric("m", 1)]}), 403)
    assert ws.get_run(run)["metrics"] == {}


def test_a_key_restricted_to_another_project_sees_404(cairn, ws, make_project, make_key):
    run = ws.run()
    elsewhere = make_project(ws.user, ws.org)
    key = make_key(ws.user, ws.org, scopes=["read", "write"], project_id=elsewhere["id"])
    client = cairn.key_client(key)
    expect_error(client.get(f"{ws.base}/runs/{run['id']}"), 404)
    expect_error(client.get(f"{project_path(ws.org, elsewhere)}/runs/{run['id']}"), 404)
