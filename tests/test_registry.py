"""The native model registry under /api/v1/orgs/{org}/projects/{project}/models: models, versions from
runs and uploads, model-file metadata, stages with their history, aliases, metrics, comparison,
downloads, bad input, roles and tenancy."""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import socket
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import expect_error, expect_json, expect_status, org_path, project_path, uid

REPO = Path(__file__).resolve().parent.parent
MODEL_DATA = REPO / "server" / "tests" / "modelfiles" / "data"

MODEL_KEYS = {
    "id", "org_id", "project_id", "name", "description", "tags", "aliases", "latest_version", "stages", "framework",
    "version_count", "created_at", "updated_at",
}
VERSION_KEYS = {
    "model_id", "model_name", "version", "description", "stage", "status", "source", "download_uri", "framework",
    "flavors", "signature", "input_example", "pip_requirements", "executable_code", "size_bytes", "file_count",
    "metrics", "tags", "aliases", "lineage", "created_by", "created_at", "updated_at",
}

SKLEARN_MLMODEL = (MODEL_DATA / "MLmodel_sklearn").read_bytes()


@dataclass
class Registry:
    """A user's project and helpers for its registry."""

    user: object
    org: dict
    project: dict

    @property
    def base(self) -> str:
        return project_path(self.org, self.project) + "/models"

    @property
    def client(self):
        return self.user.client

    def model_url(self, name: str) -> str:
        return f"{self.base}/{urllib.parse.quote(name, safe='')}"

    def create(self, name: str | None = None, **fields) -> dict:
        return expect_json(self.client.post(self.base, json={"name": name or f"model-{uid(8)}", **fields}), 201)

    def upload(self, name: str, files: dict[str, bytes], *, client=None, headers=None, **fields):
        parts = [("file", (path, data)) for path, data in files.items()]
        data = {k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in fields.items()}
        return (client or self.client).post(f"{self.model_url(name)}/versions", files=parts, data=data,
                                            headers=headers or {})

    def version(self, name: str, version: int) -> dict:
        return expect_json(self.client.get(f"{self.model_url(name)}/versions/{version}"))

    def list(self, **params) -> dict:
        return expect_json(self.client.get(self.base, params=params))


@pytest.fixture
def reg(signup, make_org, make_project) -> Registry:
    user = signup()
    org = make_org(user)
    return Registry(user, org, make_project(user, org))


def sklearn_files() -> dict[str, bytes]:
    return {
        "MLmodel": SKLEARN_MLMODEL,
        "model.pkl": b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94.",
        "requirements.txt": b"scikit-learn==1.5.2\n# pinned by mlflow\nnumpy<2\n",
        "data/blob.bin": os.urandom(200_000),
    }


# ----------------------------------------------------------------------------- models


def test_model_crud_round_trip(reg):
    created = reg.create("churn-classifier", description="Predicts churn in 30 days", tags={"team": "growth"})
    assert set(created) == MODEL_KEYS
    assert created["name"] == "churn-classifier" and created["project_id"] == reg.project["id"]
    assert created["tags"] == {"team": "growth"} and created["latest_version"] is None and created["version_count"] == 0

    assert expect_json(reg.client.get(reg.model_url("churn-classifier"))) == created
    assert expect_json(reg.client.get(reg.model_url(created["id"])))["name"] == "churn-classifier"

    renamed = expect_json(reg.client.patch(reg.model_url("churn-classifier"), json={"name": "churn v2"}))
    assert renamed["name"] == "churn v2" and renamed["description"] == "Predicts churn in 30 days"
    described = expect_json(reg.client.patch(reg.model_url("churn v2"), json={"description": "Better"}))
    assert described["name"] == "churn v2" and described["description"] == "Better"
    expect_error(reg.client.get(reg.model_url("churn-classifier")), 404)

    expect_status(reg.client.put(f"{reg.model_url('churn v2')}/tags/owner", json={"value": "ana"}), 204)
    expect_status(reg.client.delete(f"{reg.model_url('churn v2')}/tags/team"), 204)
    assert expect_json(reg.client.get(reg.model_url("churn v2")))["tags"] == {"owner": "ana"}

    expect_status(reg.client.delete(reg.model_url("churn v2")), 204)
    expect_error(reg.client.get(reg.model_url("churn v2")), 404)


def test_duplicate_and_bad_names_are_refused(reg):
    reg.create("dup")
    expect_error(reg.client.post(reg.base, json={"name": "dup"}), 409)
    other = reg.create()
    expect_error(reg.client.patch(reg.model_url(other["name"]), json={"name": "dup"}), 409)
    for bad in ["", "a/b", "tab\there", "x" * 257]:
        resp = reg.client.post(reg.base, json={"name": bad})
        assert resp.status_code in (400, 422), (bad, resp.text)
        expect_error(resp, resp.status_code)
    assert [m["name"] for m in reg.list()["items"]].count("dup") == 1
    # A name no model may have names none, on both databases (PostgreSQL cannot compare a NUL).
    for bad in ["nul%00byte", "tab%09here"]:
        expect_error(reg.client.get(f"{reg.base}/{bad}"), 404)


def test_full_text_search_filters_sort_and_pages(reg):
    reg.create("fraud-detector", description="Flags card transactions", tags={"domain": "payments"})
    reg.create("churn-model", description="Customer retention", tags={"domain": "growth"})
    reg.create("ranker", description="Search ranking", tags={"owner": "fraudsters-team"})
    names = lambda page: sorted(m["name"] for m in page["items"])  # noqa: E731

    assert names(reg.list(q="fraud")) == ["fraud-detector", "ranker"]  # name and a tag, by prefix
    assert names(reg.list(q="card trans")) == ["fraud-detector"]       # every word must match
    assert names(reg.list(q="retention")) == ["churn-model"]           # description
    assert names(reg.list(q="payments")) == ["fraud-detector"]         # tag value
    assert names(reg.list(q="nothing-like-this")) == []
    assert names(reg.list(q="'\"*:()&|!")) == names(reg.list())        # operators are not syntax
    assert names(reg.list(tag="domain")) == ["churn-model", "fraud-detector"]
    assert names(reg.list(tag="domain=growth")) == ["churn-model"]

    by_name = [m["name"] for m in reg.list(sort="name")["items"]]
    assert by_name == sorted(by_name)
    seen, cursor = [], None
    while True:
        page = reg.list(sort="-name", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [m["name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(by_name, reverse=True)
    expect_error(reg.client.get(reg.base, params={"sort": "size"}), 422)
    expect_error(reg.client.get(reg.base, params={"stage": "prod"}), 400)


def test_stage_and_framework_filters(reg):
    onnx = reg.create("onnx-model")
    expect_json(reg.upload(onnx["name"], {"model.onnx": (MODEL_DATA / "logreg.onnx").read_bytes()}), 201)
    sk = reg.create("sk-model")
    expect_json(reg.upload(sk["name"], sklearn_files()), 201)
    expect_json(reg.client.post(f"{reg.model_url('sk-model')}/versions/1/stage", json={"stage": "staging"}))
    assert [m["name"] for m in reg.list(framework="onnx")["items"]] == ["onnx-model"]
    assert [m["name"] for m in reg.list(framework="sklearn")["items"]] == ["sk-model"]
    assert [m["name"] for m in reg.list(stage="staging")["items"]] == ["sk-model"]
    assert {m["name"] for m in reg.list(stage="development")["items"]} == {"onnx-model"}


# ----------------------------------------------------------------------------- uploads and metadata


def test_upload_records_files_checksums_and_mlmodel_metadata(reg):
    model = reg.create()
    files = sklearn_files()
    created = expect_json(reg.upload(model["name"], files, description="first cut", tags={"data": "2024-q4"}), 201)
    assert set(created) == VERSION_KEYS
    assert created["version"] == 1 and created["stage"] == "development" and created["status"] == "ready"
    assert created["source"]["type"] == "upload" and created["download_uri"].startswith("mlflow-artifacts:/registry/")
    assert created["framework"] == "sklearn" and "sklearn" in created["flavors"]
    assert created["signature"]["inputs"] and created["signature"]["outputs"]
    assert created["pip_requirements"] == ["scikit-learn==1.5.2", "numpy<2"]
    assert created["executable_code"] is True  # model.pkl is a pickle
    assert created["size_bytes"] == sum(len(d) for d in files.values()) and created["file_count"] == len(files)
    assert created["description"] == "first cut" and created["tags"] == {"data": "2024-q4"}
    assert created["created_by"] == reg.user.email

    listed = expect_json(reg.client.get(f"{reg.model_url(model['name'])}/versions/1/files"))["items"]
    by_path = {f["path"]: f for f in listed}
    assert set(by_path) == set(files)
    for path, data in files.items():
        assert by_path[path]["sha256"] == hashlib.sha256(data).hexdigest() and by_path[path]["size"] == len(data)
    assert by_path["model.pkl"]["format"] == "pickle" and by_path["model.pkl"]["executable_code"] is True
    assert by_path["MLmodel"]["format"] == "mlmodel"
    assert by_path["data/blob.bin"]["format"] == "opaque" and by_path["data/blob.bin"]["executable_code"] is False


def test_onnx_and_xgboost_files_are_read_without_running_them(reg):
    model = reg.create()
    files = {
        "model.onnx": (MODEL_DATA / "logreg.onnx").read_bytes(),
        "booster.ubj": (MODEL_DATA / "multiclass.ubj").read_bytes(),
    }
    created = expect_json(reg.upload(model["name"], files), 201)
    assert created["executable_code"] is False
    assert created["signature"]["inputs"], created["signature"]  # from the ONNX graph
    listed = {f["path"]: f for f in expect_json(reg.client.get(f"{reg.model_url(model['name'])}/versions/1/files"))["items"]}
    assert listed["model.onnx"]["format"] == "onnx" and listed["model.onnx"]["details"]["inputs"]
    assert listed["booster.ubj"]["format"] == "xgboost_ubj" and listed["booster.ubj"]["details"]["num_feature"] > 0


def test_corrupt_mlmodel_is_400_naming_the_problem_and_leaves_no_version(reg):
    model = reg.create()
    resp = reg.upload(model["name"], {"MLmodel": b"flavors: [unclosed\n  x: :\n", "model.pkl": b"\x80\x04."})
    err = expect_error(resp, 400)
    assert "MLmodel" in err["message"] and "line" in err["message"], err
    assert expect_json(reg.client.get(reg.model_url(model["name"])))["version_count"] == 0
    assert expect_json(reg.upload(model["name"], sklearn_files()), 201)["version"] == 1


def test_idempotency_key_makes_retries_safe(reg):
    model = reg.create()
    key = {"Idempotency-Key": f"upload-{uid()}"}
    first = expect_json(reg.upload(model["name"], sklearn_files(), headers=key), 201)
    again = expect_json(reg.upload(model["name"], sklearn_files(), headers=key), 200)
    assert again["version"] == first["version"] == 1
    assert expect_json(reg.client.get(reg.model_url(model["name"])))["version_count"] == 1
    expect_error(reg.upload(model["name"], sklearn_files(), headers={"Idempotency-Key": "x" * 129}), 400)


def test_bad_upload_forms_are_refused(reg):
    model = reg.create()
    url = f"{reg.model_url(model['name'])}/versions"
    expect_error(reg.client.post(url, files=[("other", ("a.txt", b"x"))]), 422)
    expect_error(reg.client.post(url, files=[("file", ("../etc/passwd", b"x"))]), 422)
    expect_error(reg.client.post(url, files=[("file", ("a.txt", b"x")), ("file", ("a.txt", b"y"))]), 422)
    expect_error(reg.client.post(url, files=[("file", ("a.txt", b"x"))], data={"tags": "[1]"}), 422)
    truncated = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc"
    expect_error(reg.client.post(url, content=truncated,
                                 headers={"Content-Type": "multipart/form-data; boundary=XyZ"}), 400)
    expect_error(reg.client.post(url, json={}), 422)  # no source
    expect_error(reg.client.post(url, json={"run_id": "0" * 32}), 404)
    assert expect_json(reg.client.get(reg.model_url(model["name"])))["version_count"] == 0


def test_interrupted_upload_leaves_nothing_and_the_next_try_succeeds(cairn, reg):
    model = reg.create()
    path = f"{reg.model_url(model['name'])}/versions"
    body = b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.bin\"\r\n\r\n" + b"x" * 100_000
    parsed = urllib.parse.urlsplit(cairn.url)
    sock = socket.create_connection((parsed.hostname, parsed.port), timeout=10)
    head = (f"POST {path} HTTP/1.1\r\nHost: {parsed.hostname}\r\nAuthorization: Bearer {reg.user.access_token}\r\n"
            f"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: {len(body) * 10}\r\n\r\n")
    sock.sendall(head.encode() + body)
    sock.close()
    assert expect_json(reg.client.get(reg.model_url(model["name"])))["version_count"] == 0
    assert expect_json(reg.upload(model["name"], {"w.bin": b"x" * 1000}), 201)["version"] == 1


# ----------------------------------------------------------------------------- versions from runs


def test_version_from_a_run_copies_metrics_and_lineage(reg):
    tracking = project_path(reg.org, reg.project)
    experiment = expect_json(reg.client.post(f"{tracking}/experiments", json={"name": f"exp-{uid(6)}"}), 201)
    run = expect_json(reg.client.post(f"{tracking}/experiments/{experiment['id']}/runs", json={"name": "train"}), 201)
    batch = {"metrics": [{"key": "auc", "value": 0.91, "step": 0, "timestamp": 1},
                         {"key": "auc", "value": 0.93, "step": 1, "timestamp": 2}],
             "params": [{"key": "lr", "value": "0.1"}]}
    expect_status(reg.client.post(f"{tracking}/runs/{run['id']}/log-batch", json=batch), 204)
    datasets = {"datasets": [{"name": "train", "digest": "d1", "source_type": "local", "source": "/data/train.csv"}]}
    expect_status(reg.client.post(f"{tracking}/runs/{run['id']}/inputs", json=datasets), 204)
    for path, data in sklearn_files().items():
        expect_status(reg.client.put(f"{tracking}/runs/{run['id']}/artifacts/model/{path}", content=data), 201)

    model = reg.create()
    created = expect_json(reg.client.post(f"{reg.model_url(model['name'])}/versions",
                                          json={"run_id": run["id"], "artifact_path": "model"}), 201)
    assert created["source"] == {"type": "run", "run_id": run["id"], "experiment_id": experiment["id"],
                                 "artifact_path": "model", "logged_model_id": None}
    assert created["metrics"] == {"auc": 0.93}
    assert created["lineage"]["run"] == {"id": run["id"], "name": "train", "experiment_id": experiment["id"],
                                         "experiment_name": experiment["name"]}
    assert [d["name"] for d in created["lineage"]["datasets"]] == ["train"]
    assert created["framework"] == "sklearn" and created["file_count"] == 4

    expect_error(reg.client.post(f"{reg.model_url(model['name'])}/versions",
                                 json={"run_id": run["id"], "artifact_path": "nothing-here"}), 422)
    expect_error(reg.client.post(f"{reg.model_url(model['name'])}/versions",
                                 json={"run_id": run["id"], "artifact_path": "../x"}), 400)


def test_metrics_can_be_set_after_registration(reg):
    model = reg.create()
    expect_json(reg.upload(model["name"], {"a.bin": b"1"}), 201)
    url = f"{reg.model_url(model['name'])}/versions/1/metrics"
    set_ = expect_json(reg.client.patch(url, json={"metrics": {"holdout_auc": 0.9, "loss": "NaN"}}))
    assert set_["metrics"]["holdout_auc"] == 0.9 and set_["metrics"]["loss"] == "NaN"
    removed = expect_json(reg.client.patch(url, json={"metrics": {"loss": None}}))
    assert removed["metrics"] == {"holdout_auc": 0.9}
    expect_error(reg.client.patch(url, json={"metrics": {"x": "high"}}), 422)
    expect_error(reg.client.patch(url, json={"metrics": [1]}), 422)


# ----------------------------------------------------------------------------- downloads


def test_file_and_zip_downloads_are_byte_exact(reg):
    model = reg.create("dl model")
    files = sklearn_files()
    expect_json(reg.upload(model["name"], files), 201)
    base = f"{reg.model_url(model['name'])}/versions/1"
    for path, data in files.items():
        resp = expect_status(reg.client.get(f"{base}/files/{path}"), 200)
        assert resp.content == data
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["content-disposition"].startswith("attachment;")
    expect_error(reg.client.get(f"{base}/files/missing.txt"), 404)
    expect_error(reg.client.get(f"{base}/files/../MLmodel"), 404)

    resp = expect_status(reg.client.get(f"{base}/download"), 200)
    assert resp.headers["content-type"] == "application/zip"
    assert "dl_model-v1.zip" in resp.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(resp.content)) as archive:
        assert sorted(archive.namelist()) == sorted(files)
        for path, data in files.items():
            assert archive.read(path) == data


# ----------------------------------------------------------------------------- stages and aliases


def test_stage_transitions_record_history_and_can_archive_the_previous_production(reg):
    model = reg.create()
    for _ in range(2):
        expect_json(reg.upload(model["name"], {"w.bin": os.urandom(10)}), 201)
    url = reg.model_url(model["name"])
    first = expect_json(reg.client.post(f"{url}/versions/1/stage", json={"stage": "production", "comment": "baseline"}))
    assert first["stage"] == "production"
    second = expect_json(reg.client.post(f"{url}/versions/2/stage",
                                         json={"stage": "production", "comment": "beats v1", "archive_existing": True}))
    assert second["stage"] == "production" and reg.version(model["name"], 1)["stage"] == "archived"
    summary = expect_json(reg.client.get(url))
    assert summary["stages"] == {"production": 2, "archived": 1} and summary["latest_version"] == 2

    history = expect_json(reg.client.get(f"{url}/stage-history"))["items"]
    moves = [(h["version"], h["from_stage"], h["to_stage"]) for h in history]
    assert moves == [(1, "production", "archived"), (2, "development", "production"), (1, "development", "production")]
    assert all(h["actor"] == reg.user.email and h["created_at"] > 0 for h in history)
    assert history[1]["comment"] == "beats v1"
    only_v1 = expect_json(reg.client.get(f"{url}/stage-history", params={"version": 1}))["items"]
    assert {h["version"] for h in only_v1} == {1}

    expect_error(reg.client.post(f"{url}/versions/1/stage", json={"stage": "prod"}), 400)
    expect_error(reg.client.post(f"{url}/versions/9/stage", json={"stage": "staging"}), 404)


def test_aliases_are_unique_per_model_and_move(reg):
    model = reg.create()
    for _ in range(2):
        expect_json(reg.upload(model["name"], {"w.bin": os.urandom(10)}), 201)
    url = reg.model_url(model["name"])
    assert expect_json(reg.client.put(f"{url}/aliases/champion", json={"version": 1}))["aliases"] == ["champion"]
    expect_json(reg.client.put(f"{url}/aliases/challenger", json={"version": 1}))
    assert sorted(reg.version(model["name"], 1)["aliases"]) == ["challenger", "champion"]
    moved = expect_json(reg.client.put(f"{url}/aliases/champion", json={"version": 2}))
    assert moved["version"] == 2 and moved["aliases"] == ["champion"]
    assert reg.version(model["name"], 1)["aliases"] == ["challenger"]
    assert expect_json(reg.client.get(f"{url}/aliases/champion"))["version"] == 2
    assert expect_json(reg.client.get(url))["aliases"] == {"champion": 2, "challenger": 1}

    for bad in ["latest", "v3", "7", "-x", "a b"]:
        resp = reg.client.put(f"{url}/aliases/{urllib.parse.quote(bad)}", json={"version": 1})
        expect_error(resp, 422)
    expect_error(reg.client.put(f"{url}/aliases/ghost", json={"version": 9}), 404)
    expect_status(reg.client.delete(f"{url}/aliases/champion"), 204)
    expect_error(reg.client.get(f"{url}/aliases/champion"), 404)

    expect_status(reg.client.delete(f"{url}/versions/1"), 204)  # its aliases go with it
    assert expect_json(reg.client.get(url))["aliases"] == {}
    expect_error(reg.client.get(f"{url}/versions/1/files/w.bin"), 404)
    assert expect_json(reg.upload(model["name"], {"w.bin": b"3"}), 201)["version"] == 3  # numbers are not reused


def test_compare_versions_side_by_side(reg):
    model = reg.create()
    expect_json(reg.upload(model["name"], sklearn_files()), 201)
    expect_json(reg.upload(model["name"], {"model.onnx": (MODEL_DATA / "logreg.onnx").read_bytes()}), 201)
    url = reg.model_url(model["name"])
    expect_json(reg.client.patch(f"{url}/versions/1/metrics", json={"metrics": {"auc": 0.9}}))
    expect_json(reg.client.patch(f"{url}/versions/2/metrics", json={"metrics": {"auc": 0.9, "f1": 0.7}}))
    # Non-finite values are named as everywhere else in the API ("NaN", "-Infinity"), not C's "nan".
    expect_json(reg.client.patch(f"{url}/versions/1/metrics", json={"metrics": {"loss": "NaN", "gain": "-Infinity"}}))
    expect_json(reg.client.patch(f"{url}/versions/2/metrics", json={"metrics": {"loss": "NaN", "gain": 1.5}}))
    result = expect_json(reg.client.get(f"{url}/compare", params={"versions": "1,2"}))
    assert [v["version"] for v in result["versions"]] == [1, 2]
    rows = {(r["kind"], r["key"]): r for r in result["rows"]}
    assert rows[("metadata", "framework")]["values"] == ["sklearn", "onnx"] and rows[("metadata", "framework")]["differs"]
    assert rows[("metric", "auc")] == {"kind": "metric", "key": "auc", "values": [0.9, 0.9], "differs": False}
    assert rows[("metric", "f1")]["values"] == [None, 0.7]
    assert rows[("metric", "loss")]["values"] == ["NaN", "NaN"] and not rows[("metric", "loss")]["differs"]
    assert rows[("metric", "gain")]["values"] == ["-Infinity", 1.5] and rows[("metric", "gain")]["differs"]
    expect_error(reg.client.get(f"{url}/compare", params={"versions": "1"}), 400)
    expect_error(reg.client.get(f"{url}/compare", params={"versions": ",".join(str(i) for i in range(1, 12))}), 400)
    expect_error(reg.client.get(f"{url}/compare", params={"versions": "1,x"}), 400)
    expect_error(reg.client.get(f"{url}/compare", params={"versions": "1,7"}), 404)


# ----------------------------------------------------------------------------- roles and tenancy


def test_who_may_promote_to_production_is_an_org_setting(cairn):
    team = cairn.team("developer", "viewer")
    project = cairn.make_project(team.admin, team.org)
    admin = Registry(team.admin, team.org, project)
    model = admin.create()
    expect_json(admin.upload(model["name"], {"w.bin": b"1"}), 201)
    url = f"{admin.model_url(model['name'])}/versions/1/stage"

    dev = team["developer"].client
    viewer = team["viewer"].client
    expect_json(dev.post(url, json={"stage": "staging"}))
    expect_error(dev.post(url, json={"stage": "production"}), 403)
    expect_error(viewer.post(url, json={"stage": "staging"}), 403)
    assert expect_json(viewer.get(admin.model_url(model["name"])))["name"] == model["name"]  # viewers read

    expect_json(team.admin.client.patch(org_path(team.org), json={"settings": {"production_promotion": "developers"}}))
    assert expect_json(dev.post(url, json={"stage": "production"}))["stage"] == "production"
    expect_error(viewer.post(url, json={"stage": "production"}), 403)
    expect_error(viewer.post(f"{admin.base}", json={"name": "nope"}), 403)


def test_api_key_scopes_apply(cairn, reg):
    model = reg.create()
    read_key = cairn.make_key(reg.user, reg.org, scopes=("read",))
    reader = cairn.key_client(read_key)
    assert expect_json(reader.get(reg.model_url(model["name"])))["id"] == model["id"]
    expect_error(reader.post(reg.base, json={"name": "x"}), 403)
    expect_error(reg.upload(model["name"], {"a": b"1"}, client=reader), 403)


def test_another_organizations_or_projects_model_answers_404(cairn, reg):
    model = reg.create("secret-model")
    expect_json(reg.upload(model["name"], {"w.bin": b"1"}), 201)
    intruder = cairn.signup()
    their_org = cairn.make_org(intruder)
    theirs = Registry(intruder, their_org, cairn.make_project(intruder, their_org))
    foreign = [
        f"{reg.model_url('secret-model')}",
        f"{reg.model_url('secret-model')}/versions/1",
        f"{reg.model_url('secret-model')}/versions/1/files/w.bin",
        f"{theirs.base}/secret-model",
        f"{theirs.base}/{model['id']}",
    ]
    for path in foreign:
        expect_error(intruder.client.get(path), 404)
    # Same organization, another project: the model is not there either.
    other_project = Registry(reg.user, reg.org, cairn.make_project(reg.user, reg.org))
    expect_error(reg.client.get(other_project.model_url("secret-model")), 404)
    expect_error(reg.client.get(other_project.model_url(model["id"])), 404)
    # Its uploaded files are not reachable through the MLflow artifact proxy of another tenant.
    proxy_path = reg.version("secret-model", 1)["download_uri"].removeprefix("mlflow-artifacts:/")
    proxy_url = f"/api/2.0/mlflow-artifacts/artifacts/{proxy_path}/w.bin"
    resp = intruder.client.get(proxy_url)
    assert resp.status_code == 404 and resp.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST", resp.text
    assert reg.client.get(proxy_url).content == b"1"
    # Registry files are read-only through the proxy, even for their owner.
    assert reg.client.put(proxy_url, content=b"2").status_code == 404
    assert reg.client.get(proxy_url).content == b"1"


# ----------------------------------------------------------------------------- size limit


@pytest.fixture(scope="module")
def small_upload_server(server_factory, backend):
    return server_factory.start(backend, name=f"upload-limit-{backend}", extra_args=("--max-upload-bytes", "1048576"))


def test_an_upload_over_the_limit_is_413_and_leaves_no_version(cairn_on, small_upload_server):
    cairn = cairn_on(small_upload_server)
    user = cairn.signup()
    org = cairn.make_org(user)
    reg = Registry(user, org, cairn.make_project(user, org))
    model = reg.create()
    resp = reg.upload(model["name"], {"big.bin": os.urandom(2 * 1024 * 1024)})
    expect_error(resp, 413)
    assert expect_json(reg.client.get(reg.model_url(model["name"])))["version_count"] == 0
    assert expect_json(reg.upload(model["name"], {"small.bin": b"ok"}), 201)["version"] == 1
    leftovers = list((small_upload_server.workdir / "data" / "tmp").glob("*"))
    assert leftovers == [], leftovers
