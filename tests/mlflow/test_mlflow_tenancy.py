"""Another organization's (or another project's) experiments, runs, artifacts and logged models
answer as if they did not exist: MLflow's RESOURCE_DOES_NOT_EXIST, HTTP 404, and nothing of the
owner's changes (Cairn-only)."""

from __future__ import annotations

from dataclasses import dataclass

import mlflow
import pytest
from mlflow.entities import Metric

from mlflow_support import Connection, artifact_http_url, cairn_only, raises_mlflow, unique_name

pytestmark = cairn_only

API = "/api/2.0/mlflow"


@dataclass
class Owned:
    """What org A logged, and how to read it back as A."""

    connection: Connection
    experiment_id: str
    experiment_name: str
    run_id: str
    artifact_url: str  # the HTTP URL of the run's artifact `secret/weights.txt`
    model_id: str


def snapshot(client, owned: Owned) -> dict:
    run = client.get_run(owned.run_id)
    exp = client.get_experiment(owned.experiment_id)
    return {
        "experiment": (exp.name, exp.lifecycle_stage, dict(exp.tags)),
        "info": (run.info.status, run.info.lifecycle_stage, run.info.run_name, run.info.end_time),
        "params": run.data.params,
        "metrics": run.data.metrics,
        "tags": run.data.tags,
        "history": sorted((m.step, m.value) for m in client.get_metric_history(owned.run_id, "loss")),
        "artifacts": sorted(f.path for f in client.list_artifacts(owned.run_id, "secret")),
        "secret": mlflow.artifacts.load_text(f"runs:/{owned.run_id}/secret/weights.txt"),
        "model": client.get_logged_model(owned.model_id).name,
    }


@pytest.fixture
def owned(mlflow_env, tenant) -> Owned:
    client = mlflow_env.use(tenant.connection)
    name = unique_name("org-a")
    exp_id = client.create_experiment(name, tags={"owner": "a"})
    run = client.create_run(exp_id, run_name="a-run")
    rid = run.info.run_id
    client.log_param(rid, "lr", "0.1")
    client.log_metric(rid, "loss", 0.4, step=1)
    client.set_tag(rid, "team", "a")
    client.log_text(rid, "top secret weights", "secret/weights.txt")
    model = client.create_logged_model(experiment_id=exp_id, name="a-model", source_run_id=rid)
    return Owned(
        connection=tenant.connection,
        experiment_id=exp_id,
        experiment_name=name,
        run_id=rid,
        artifact_url=artifact_http_url(run.info.artifact_uri, tenant.cairn.url) + "/secret/weights.txt",
        model_id=model.model_id,
    )


def assert_cannot_reach(mlflow_env, connection: Connection, owned: Owned) -> None:
    """Every read and write of A's things through `connection` answers as for a missing thing."""
    client = mlflow_env.use(connection)
    who = connection.describe()

    def missing(what, call):
        with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what=f"{what} as {who}"):
            call()

    rid, eid = owned.run_id, owned.experiment_id
    # Reads.
    missing("get_run", lambda: client.get_run(rid))
    missing("get_experiment", lambda: client.get_experiment(eid))
    missing("get_metric_history", lambda: client.get_metric_history(rid, "loss"))
    missing("list_artifacts", lambda: client.list_artifacts(rid))
    missing("get_logged_model", lambda: client.get_logged_model(owned.model_id))
    assert client.get_experiment_by_name(owned.experiment_name) is None, who
    assert list(client.search_runs([eid])) == [], who
    assert [e.experiment_id for e in client.search_experiments(filter_string=f"name = '{owned.experiment_name}'")] == [], who
    # Writes.
    missing("log_metric", lambda: client.log_metric(rid, "loss", 99.0, step=2))
    missing("log_param", lambda: client.log_param(rid, "lr", "0.1"))
    missing("set_tag", lambda: client.set_tag(rid, "team", "b"))
    missing("delete_tag", lambda: client.delete_tag(rid, "team"))
    missing("log_batch", lambda: client.log_batch(rid, metrics=[Metric("loss", 1.0, 1, 3)]))
    missing("update_run", lambda: client.update_run(rid, name="hijacked"))
    missing("set_terminated", lambda: client.set_terminated(rid, "KILLED"))
    missing("delete_run", lambda: client.delete_run(rid))
    missing("create_run", lambda: client.create_run(eid))
    missing("rename_experiment", lambda: client.rename_experiment(eid, unique_name("hijacked")))
    missing("set_experiment_tag", lambda: client.set_experiment_tag(eid, "owner", "b"))
    missing("delete_experiment", lambda: client.delete_experiment(eid))
    # Artifacts, over HTTP as the client sends them.
    http = mlflow_env.rest(connection)
    folder = owned.artifact_url.rsplit("/", 1)[0]
    for method, url, kwargs in (
        ("GET", owned.artifact_url, {}),
        ("PUT", owned.artifact_url, {"content": b"overwritten"}),
        ("PUT", folder + "/planted.txt", {"content": b"planted"}),
    ):
        resp = http.request(method, url, **kwargs)
        assert resp.status_code == 404, f"{who}: {method} {url} -> {resp.status_code} {resp.text[:300]}"
        assert b"top secret" not in resp.content


def test_another_orgs_key_cannot_reach_the_runs(mlflow_env, owned, new_tenant):
    client = mlflow_env.client
    before = snapshot(client, owned)
    other = new_tenant()
    assert_cannot_reach(mlflow_env, other.connection, owned)
    assert snapshot(mlflow_env.use(owned.connection), owned) == before


def test_another_orgs_unrestricted_key_cannot_reach_them_through_the_project_uri(mlflow_env, tenant, owned, new_tenant):
    before = snapshot(mlflow_env.client, owned)
    other = new_tenant()
    wide = other.new_key(unrestricted=True)
    # Naming A's project in the URI does not let B's key in: the project does not exist for B.
    foreign = Connection(uri=tenant.project_uri(), token=wide["secret"])
    client = mlflow_env.use(foreign)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="search_experiments in another org's project"):
        client.search_experiments()
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_run in another org's project"):
        client.get_run(owned.run_id)
    # Through its own project, B's key meets the same walls as a project key.
    assert_cannot_reach(mlflow_env, Connection(uri=other.project_uri(), token=wide["secret"]), owned)
    assert snapshot(mlflow_env.use(owned.connection), owned) == before


def test_a_key_restricted_to_another_project_cannot_reach_them(mlflow_env, tenant, owned):
    before = snapshot(mlflow_env.client, owned)
    neighbour = tenant.new_key(project=tenant.new_project())
    assert_cannot_reach(mlflow_env, Connection(uri=tenant.cairn.url, token=neighbour["secret"]), owned)
    assert snapshot(mlflow_env.use(owned.connection), owned) == before


def test_experiment_names_are_per_project(mlflow_env, tenant, owned, new_tenant):
    # Another project (of the same org, or of another org) may use the same experiment name.
    neighbour = tenant.new_key(project=tenant.new_project())
    other = new_tenant()
    for connection in (Connection(uri=tenant.cairn.url, token=neighbour["secret"]), other.connection):
        client = mlflow_env.use(connection)
        exp_id = client.create_experiment(owned.experiment_name)
        assert exp_id != owned.experiment_id
        assert client.get_experiment_by_name(owned.experiment_name).experiment_id == exp_id
    back = mlflow_env.use(owned.connection)
    assert back.get_experiment_by_name(owned.experiment_name).experiment_id == owned.experiment_id
