"""`cairn import-mlflow` from a real MLflow file store, filled by MLflow's own client, into a real
Cairn server: what arrives is read back through the SDK, and a second import duplicates nothing."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from cairn import Cairn
from cairn.cli.main import main
from cairn.importers.mlflow import IMPORTED_FROM
from live_server import Account, LiveServer, start_live_server

# MLflow deprecates stages; sources still hold them, so the import copies them.
pytestmark = pytest.mark.filterwarnings("ignore:.*transition_model_version_stage.*:FutureWarning")

MLMODEL = """artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    model_path: model.pkl
    python_version: 3.11.0
  sklearn:
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.0
mlflow_version: 3.0.0
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_live_server(tmp_path_factory)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def account(server: LiveServer) -> Account:
    return server.account()


@pytest.fixture(scope="module")
def client(server, account):
    with Cairn(url=server.url, api_key=account.api_key, project=account.project) as c:
        yield c


def model_dir(root: Path, name: str) -> Path:
    path = root / name
    path.mkdir(parents=True)
    (path / "MLmodel").write_text(MLMODEL)
    (path / "model.pkl").write_bytes(b"\x80\x04N." + name.encode())
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """An MLflow file store: an experiment with a parent and a child run (params, tags, metric
    histories with a NaN, a dataset, artifacts), and a registered model with a version from the run's
    artifacts (runs:/), one from an MLflow 3 logged model (models:/) and one from files outside any
    run, with stages and an alias."""
    saved = {k: os.environ.get(k) for k in ("MLFLOW_ALLOW_FILE_STORE", "MLFLOW_TRACKING_URI")}
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag
    from mlflow.tracking import MlflowClient

    root = tmp_path_factory.mktemp("mlflow")
    uri = (root / "mlruns").as_uri()
    # MLflow resolves a models:/ source through the process's tracking URI.
    os.environ["MLFLOW_TRACKING_URI"] = uri
    ml = MlflowClient(tracking_uri=uri, registry_uri=uri)
    exp = ml.create_experiment("churn", tags={"team": "growth", "mlflow.note.content": "Churn models"})
    parent = ml.create_run(exp, run_name="sweep", start_time=1_700_000_000_000)
    child = ml.create_run(exp, run_name="depth-6", start_time=1_700_000_001_000,
                          tags={"mlflow.parentRunId": parent.info.run_id, "mlflow.user": "alice",
                                "mlflow.source.name": "train.py"})
    rid = child.info.run_id
    ml.log_batch(
        rid,
        metrics=[Metric("loss", 1.0 / (s + 1), 1_700_000_002_000 + s, s) for s in range(30)]
        + [Metric("loss", float("nan"), 1_700_000_003_000, 30), Metric("auc", 0.91, 1_700_000_004_000, 0)],
        params=[Param("max_depth", "6"), Param("lr", "0.1")],
        tags=[RunTag("model", "xgboost")],
    )
    ml.log_inputs(rid, [DatasetInput(Dataset("usage-90d", "3f2a9c1e", "local", "/data/usage.parquet", "", ""),
                                     [InputTag("mlflow.data.context", "training")])])
    ml.log_artifacts(rid, str(model_dir(root / "files", "model")), "model")
    ml.log_text(rid, "confusion matrix", "reports/summary.txt")
    ml.set_terminated(rid, "FINISHED", end_time=1_700_000_009_000)
    ml.set_terminated(parent.info.run_id, "FAILED", end_time=1_700_000_010_000)

    ml.create_registered_model("churn-model", tags={"owner": "growth"}, description="Predicts churn")
    ml.create_model_version("churn-model", f"runs:/{rid}/model", run_id=rid, description="first")
    logged = ml.create_logged_model(exp, name="booster", source_run_id=rid)
    ml.log_model_artifacts(logged.model_id, str(model_dir(root / "files", "booster")))
    ml.create_model_version("churn-model", f"models:/{logged.model_id}", run_id=rid, model_id=logged.model_id)
    # Logged but never registered: its files live outside the run in MLflow 3.
    spare = ml.create_logged_model(exp, name="candidate", source_run_id=rid)
    ml.log_model_artifacts(spare.model_id, str(model_dir(root / "files", "candidate")))
    outside = model_dir(root / "files", "outside")
    ml.create_model_version("churn-model", outside.as_uri(), tags={"from": "disk"})
    ml.transition_model_version_stage("churn-model", "1", "Production")
    ml.transition_model_version_stage("churn-model", "2", "Staging")
    ml.set_registered_model_alias("churn-model", "champion", "2")
    # The import must lean neither on the process's tracking URI nor on the file-store opt-in.
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    return uri, parent.info.run_id, rid


@pytest.fixture
def cairn_cli(server, account, monkeypatch, capsys, tmp_path):
    for name in [k for k in os.environ if k.startswith("CAIRN_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CAIRN_URL", server.url)
    monkeypatch.setenv("CAIRN_API_KEY", account.api_key)
    monkeypatch.setenv("CAIRN_CONFIG_DIR", str(tmp_path / "cli-config"))

    def run(*args: str) -> dict:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as exc:
            out = capsys.readouterr()
            assert not exc.code, f"exit {exc.code}\n{out.out}\n{out.err}"
        return json.loads(capsys.readouterr().out)

    return run


def test_import_copies_runs_metrics_artifacts_and_models_and_twice_duplicates_nothing(
    store, client, account, cairn_cli
):
    uri, _, child_id = store
    project = f"{account.org}/{account.project}"
    first = cairn_cli("import-mlflow", "--from", uri, "--project", project, "-o", "json")
    assert first["experiments_created"] == 1 and first["runs_imported"] == 2 and first["runs_skipped"] == 0
    assert first["metric_points"] == 32 and first["params"] == 2 and first["datasets"] == 1
    assert first["models_created"] == 1 and first["versions_created"] == 3 and first["problems"] == []
    assert first["aliases_set"] == 1 and first["stages_set"] == 2

    [exp] = [e for e in client.experiments.list() if e.tags.get(IMPORTED_FROM)]
    assert exp.name == "churn" and exp.tags["team"] == "growth" and exp.description == "Churn models"
    runs = {r.name: r for r in client.runs.search(experiment_ids=[exp.id])}
    assert set(runs) == {"sweep", "depth-6"}
    child, parent = runs["depth-6"], runs["sweep"]
    assert child.tags[IMPORTED_FROM] == f"{uri}#runs/{child_id}"
    assert child.parent_run_id == parent.id and parent.status == "FAILED"
    # The runs keep their MLflow ids, so runs:/<id>/... URIs written against MLflow still resolve.
    assert child.id == child_id and first["run_ids_kept"] == 2
    assert child.status == "FINISHED" and child.start_time == 1_700_000_001_000 and child.end_time == 1_700_000_009_000
    assert child.params == {"max_depth": "6", "lr": "0.1"} and child.tags["model"] == "xgboost"
    assert child.tags["mlflow.source.name"] == "train.py" and child.tags["mlflow.user"] == "alice"
    history = client.runs.metric_history(child.id, "loss")
    assert len(history) == 31 and history[3]["value"] == 0.25 and history[3]["timestamp"] == 1_700_000_002_003
    assert history[-1]["value"] in ("NaN", None) or math.isnan(history[-1]["value"])
    assert child.inputs[0]["name"] == "usage-90d" and child.inputs[0]["context"] == "training"
    top = {a["name"] for a in client.runs.list_artifacts(child.id)}
    assert {"model", "reports", "booster", "candidate"} <= top and first["logged_models"] == 2
    assert first["artifacts"] == 7  # 3 of the run, 2 of each logged model: none copied twice
    assert {a["name"] for a in client.runs.list_artifacts(child.id, path="candidate")} == {"MLmodel", "model.pkl"}

    model = client.models.get("churn-model")
    assert model.description == "Predicts churn" and model.tags["owner"] == "growth" and model.version_count == 3
    versions = {v.version: v for v in client.models.versions.list("churn-model")}
    assert versions[1].stage == "production" and versions[2].stage == "staging"
    assert versions[3].stage == "development" and versions[3].tags["from"] == "disk"
    assert versions[1].source.run_id == child.id and versions[1].source.artifact_path == "model"
    assert versions[2].source.run_id == child.id and versions[2].source.artifact_path == "booster"
    assert versions[1].flavors.get("sklearn") and versions[1].description == "first"
    assert model.aliases == {"champion": 2}

    again = cairn_cli("import-mlflow", "--from", uri, "--project", project, "-o", "json")
    assert again["experiments_created"] == 0 and again["runs_imported"] == 0 and again["runs_skipped"] == 2
    assert again["versions_created"] == 0 and again["versions_skipped"] == 3
    assert again["stages_set"] == 0 and again["aliases_set"] == 0 and again["metric_points"] == 0
    assert again["artifacts"] == 0 and again["logged_models"] == 0
    assert len(list(client.runs.search(experiment_ids=[exp.id]))) == 2
    assert client.models.get("churn-model").version_count == 3

    # Into a second project the ids are taken: the runs get new ones, and nothing else differs.
    other = client.projects.create(name="Churn copy", slug=f"churn-copy-{os.getpid()}")
    copy = cairn_cli("import-mlflow", "--from", uri, "--project", f"{account.org}/{other.slug}", "-o", "json")
    assert copy["runs_imported"] == 2 and copy["run_ids_kept"] == 0 and copy["problems"] == []


def test_an_import_stopped_midway_resumes_without_duplicating(store, server, account, cairn_cli):
    """A run made and half-logged by an import that died is finished by the next one: its points
    are not logged twice and no second run appears."""
    uri, _, child_id = store
    account.http.post(f"/api/v1/orgs/{account.org}/projects", json={"name": "Resume", "slug": "resume"})
    with Cairn(url=server.url, api_key=account.api_key, project=f"{account.org}/resume") as c:
        exp = c.experiments.create(name="churn", tags={IMPORTED_FROM: f"{uri}#experiments/1"})
        half = c.runs.create(exp.id, name="depth-6", tags={IMPORTED_FROM: f"{uri}#runs/{child_id}"},
                             start_time=1_700_000_001_000)
        c.runs.log_batch(half.id, metrics=[{"key": "loss", "value": 1.0, "step": 0, "timestamp": 1_700_000_002_000}])
        summary = cairn_cli("import-mlflow", "--from", uri, "--project", f"{account.org}/resume", "--no-models",
                            "-o", "json")
        assert summary["runs_imported"] == 2 and summary["experiments_created"] == 0
        assert summary["experiments_existing"] == 1 and summary["versions_created"] == 0
        runs = {r.name: r for r in c.runs.search(experiment_ids=[exp.id])}
        assert set(runs) == {"sweep", "depth-6"} and runs["depth-6"].id == half.id
        assert len(c.runs.metric_history(half.id, "loss")) == 31
        assert runs["depth-6"].status == "FINISHED" and runs["depth-6"].parent_run_id == runs["sweep"].id
