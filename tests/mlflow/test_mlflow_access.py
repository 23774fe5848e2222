"""How a user connects mlflow to Cairn, and who gets in (Cairn-only).

- MLFLOW_TRACKING_TOKEN=<API key restricted to a project>: experiments land in the key's project;
- MLFLOW_TRACKING_USERNAME=<anything> + MLFLOW_TRACKING_PASSWORD=<API key>: the same, over basic auth;
- an unrestricted key with MLFLOW_TRACKING_URI=http://host:port/p/<org-slug>/<project-slug>;
- no credentials, a wrong or revoked key: 401 (mlflow raises UNAUTHENTICATED);
- a key without the `write` scope reads but cannot write: 403 (PERMISSION_DENIED).
"""

from __future__ import annotations

from pathlib import Path

import mlflow
import numpy as np
from sklearn.linear_model import LinearRegression

from mlflow_support import Connection, artifact_http_url, cairn_only, raises_mlflow, unique_name

pytestmark = cairn_only

API = "/api/2.0/mlflow"


def log_a_small_run(client) -> tuple[str, str]:
    """An experiment with one finished run holding a param, a metric, a tag and a text artifact."""
    name = unique_name()
    exp_id = client.create_experiment(name)
    run_id = client.create_run(exp_id, run_name="small").info.run_id
    client.log_param(run_id, "p", "1")
    client.log_metric(run_id, "m", 0.5, step=3)
    client.set_tag(run_id, "t", "x")
    client.log_text(run_id, "artifact body", "notes/a.txt")
    client.set_terminated(run_id)
    return name, run_id


def assert_small_run(client, run_id: str) -> None:
    run = client.get_run(run_id)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"p": "1"}
    assert run.data.metrics == {"m": 0.5}
    assert run.data.tags["t"] == "x"
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/notes/a.txt") == "artifact body"


# ----------------------------------------------------------------------------- connecting


def test_a_project_key_as_bearer_token_logs_into_its_project(mlflow_env, tenant):
    name, run_id = log_a_small_run(mlflow_env.client)

    # The same project, reached with an unrestricted key that names it in the URI, holds the run.
    wide = tenant.new_key(unrestricted=True)
    same = mlflow_env.use(Connection(uri=tenant.project_uri(), token=wide["secret"]))
    exp = same.get_experiment_by_name(name)
    assert exp is not None, "the experiment is not in the key's project"
    assert [r.info.run_id for r in same.search_runs([exp.experiment_id])] == [run_id]
    assert_small_run(same, run_id)

    # Another project of the organization does not.
    other = mlflow_env.use(Connection(uri=tenant.project_uri(tenant.new_project()), token=wide["secret"]))
    assert other.get_experiment_by_name(name) is None
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        other.get_run(run_id)


def test_basic_auth_with_the_key_as_password_works_like_the_token(mlflow_env, tenant):
    basic = Connection(uri=tenant.cairn.url, username="any-user-name", password=tenant.key["secret"])
    name, run_id = log_a_small_run(mlflow_env.use(basic))
    assert_small_run(mlflow_env.client, run_id)

    bearer = mlflow_env.use(tenant.connection)
    assert bearer.get_experiment_by_name(name).experiment_id == bearer.get_run(run_id).info.experiment_id
    assert_small_run(bearer, run_id)


def test_an_unrestricted_key_logs_into_the_project_named_in_the_uri(mlflow_env, tenant, tmp_path):
    wide = tenant.new_key(unrestricted=True)
    mlflow_env.use(Connection(uri=tenant.project_uri(), token=wide["secret"]))
    x = np.arange(20, dtype=float).reshape(10, 2)
    y = x @ np.array([2.0, -1.0]) + 0.5
    model = LinearRegression().fit(x, y)

    exp = mlflow.set_experiment(unique_name())
    with mlflow.start_run() as run:
        mlflow.log_params({"fit_intercept": True})
        mlflow.log_metric("r2", model.score(x, y))
        (tmp_path / "blob.bin").write_bytes(bytes(range(256)))
        mlflow.log_artifact(str(tmp_path / "blob.bin"), artifact_path="raw")
        info = mlflow.sklearn.log_model(model, name="model")

    # Artifacts and the model went through the /p/<org>/<project> prefix and come back through it.
    blob = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="raw/blob.bin",
                                               dst_path=str(tmp_path / "out"))
    assert Path(blob).read_bytes() == bytes(range(256))
    np.testing.assert_allclose(mlflow.pyfunc.load_model(info.model_uri).predict(x), model.predict(x))

    # The project-restricted key (plain tracking URI) sees the same experiment, run and model.
    restricted = mlflow_env.use(tenant.connection)
    assert restricted.get_experiment_by_name(exp.name).experiment_id == exp.experiment_id
    got = restricted.get_run(run.info.run_id)
    assert got.data.params == {"fit_intercept": "True"}
    np.testing.assert_allclose(mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model").predict(x), model.predict(x))


# ----------------------------------------------------------------------------- authentication


def assert_unauthenticated(mlflow_env, connection: Connection, artifact_url: str) -> None:
    client = mlflow_env.use(connection)
    with raises_mlflow("UNAUTHENTICATED", status=401, what=f"search_experiments with {connection.describe()}"):
        client.search_experiments()
    with raises_mlflow("UNAUTHENTICATED", status=401, what=f"create_experiment with {connection.describe()}"):
        client.create_experiment(unique_name())

    http = mlflow_env.rest(connection)
    for method, path, kwargs in (
        ("POST", f"{API}/experiments/search", {"json": {"max_results": 10}}),
        ("GET", f"{API}/experiments/get-by-name", {"params": {"experiment_name": "Default"}}),
        ("GET", artifact_url, {}),
        ("PUT", artifact_url.rsplit("/", 1)[0] + "/intruder.txt", {"content": b"x"}),
    ):
        resp = http.request(method, path, **kwargs)
        assert resp.status_code == 401, f"{connection.describe()}: {method} {path} -> {resp.status_code} {resp.text[:300]}"


def a_logged_artifact_url(mlflow_env) -> str:
    client = mlflow_env.client
    run = client.create_run(client.create_experiment(unique_name()))
    client.log_text(run.info.run_id, "private", "a.txt")
    return artifact_http_url(run.info.artifact_uri, mlflow_env.connection.uri) + "/a.txt"


def test_requests_without_credentials_are_unauthenticated(mlflow_env, tenant):
    url = a_logged_artifact_url(mlflow_env)
    assert_unauthenticated(mlflow_env, Connection(uri=tenant.cairn.url), url)
    assert_unauthenticated(mlflow_env, Connection(uri=tenant.project_uri()), url)


def test_a_wrong_key_is_unauthenticated(mlflow_env, tenant):
    url = a_logged_artifact_url(mlflow_env)
    secret = tenant.key["secret"]
    tampered = secret[:-4] + ("0000" if not secret.endswith("0000") else "1111")
    for connection in (
        Connection(uri=tenant.cairn.url, token="not-a-cairn-key"),
        Connection(uri=tenant.cairn.url, token=tampered),
        Connection(uri=tenant.cairn.url, username="user", password=tampered),
        Connection(uri=tenant.cairn.url, username=secret, password="wrong"),
        Connection(uri=tenant.project_uri(), token=tampered),
    ):
        assert_unauthenticated(mlflow_env, connection, url)


def test_a_revoked_key_is_unauthenticated(mlflow_env, tenant):
    url = a_logged_artifact_url(mlflow_env)
    key = tenant.new_key()
    connection = Connection(uri=tenant.cairn.url, token=key["secret"])
    mlflow_env.use(connection).search_experiments()
    resp = tenant.user.client.delete(f"/api/v1/orgs/{tenant.org['id']}/api-keys/{key['id']}")
    assert resp.status_code == 204, resp.text
    assert_unauthenticated(mlflow_env, connection, url)


def test_a_read_only_key_reads_but_cannot_write(mlflow_env, tenant):
    name, run_id = log_a_small_run(mlflow_env.client)
    exp_id = mlflow_env.client.get_experiment_by_name(name).experiment_id
    run = mlflow_env.client.get_run(run_id)
    reader = tenant.new_key(scopes=["read"])
    connection = Connection(uri=tenant.cairn.url, token=reader["secret"])
    client = mlflow_env.use(connection)

    assert_small_run(client, run_id)
    assert [r.info.run_id for r in client.search_runs([exp_id])] == [run_id]

    writes = {
        "create_experiment": lambda: client.create_experiment(unique_name()),
        "create_run": lambda: client.create_run(exp_id),
        "log_metric": lambda: client.log_metric(run_id, "m", 9.0),
        "log_param": lambda: client.log_param(run_id, "q", "2"),
        "set_tag": lambda: client.set_tag(run_id, "t", "changed"),
        "delete_run": lambda: client.delete_run(run_id),
        "delete_experiment": lambda: client.delete_experiment(exp_id),
    }
    for what, call in writes.items():
        with raises_mlflow("PERMISSION_DENIED", status=403, what=f"{what} with a read-only key"):
            call()
    base = artifact_http_url(run.info.artifact_uri, tenant.cairn.url)
    resp = mlflow_env.rest(connection).put(f"{base}/notes/b.txt", content=b"nope")
    assert resp.status_code == 403, f"artifact upload with a read-only key -> {resp.status_code} {resp.text[:300]}"

    assert_small_run(mlflow_env.use(tenant.connection), run_id)
    assert mlflow_env.client.get_experiment(exp_id).lifecycle_stage == "active"
    assert [f.path for f in mlflow_env.client.list_artifacts(run_id, "notes")] == ["notes/a.txt"]
