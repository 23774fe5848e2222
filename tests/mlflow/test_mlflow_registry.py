"""The model registry through the stock mlflow client: mlflow.register_model after
mlflow.sklearn.log_model (MLflow 3 registers the run's logged model, `models:/<model_id>`), the
MlflowClient calls on registered models and model versions (tags, descriptions, rename, delete,
search with filters, order and pages, stages, aliases), loading `models:/<name>/<version>`,
`@<alias>`, `/<stage>` and `/latest`, and MLflow's error codes; Cairn-only: another organization's
models do not exist for it, a source outside Cairn's store is refused, and the native API shows
what a version registered through mlflow is made of."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import mlflow
import numpy as np
import pytest
from mlflow.models.model import ModelInfo
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from mlflow_support import cairn_only, raises_mlflow, unique_name

# Stages (transition_model_version_stage, get_latest_versions) are deprecated since MLflow 2.9 but
# still served and still used; the warnings would bury a failure report.
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")


@pytest.fixture(scope="module")
def iris():
    data = load_iris(as_frame=True)  # ships inside scikit-learn: no download
    return data.data, data.target


@pytest.fixture(scope="module")
def trained(iris):
    x, y = iris
    return LogisticRegression(max_iter=300).fit(x, y)


@pytest.fixture
def name() -> str:
    """A registered model name no other test (or earlier run on a shared server) uses."""
    return unique_name("model")


@dataclass
class Logged:
    """A model logged in a run the MLflow 3 way (a logged model of that run)."""

    run_id: str
    info: ModelInfo

    @property
    def model_id(self) -> str:
        return self.info.model_id


def log_in_a_run(model, x, *, accuracy: float | None = None, **kwargs) -> Logged:
    with mlflow.start_run() as run:
        if accuracy is not None:
            mlflow.log_metric("accuracy", accuracy)
        info = mlflow.sklearn.log_model(model, name="model", input_example=x.head(3), **kwargs)
    return Logged(run_id=run.info.run_id, info=info)


@pytest.fixture
def logged(fluent_experiment, iris, trained) -> Logged:
    x, y = iris
    return log_in_a_run(trained, x, accuracy=trained.score(x, y))


# skops (the default format) loads tree internals only when told to trust them.
TREE = ["sklearn.tree._tree.Tree"]


@pytest.fixture
def other_model(iris):
    """A second model whose predictions differ from `trained`'s on iris."""
    x, y = iris
    return DecisionTreeClassifier(max_depth=1, random_state=0).fit(x, y)


def register(logged: Logged, name: str):
    return mlflow.register_model(f"runs:/{logged.run_id}/model", name)


def stages_of(client, name: str) -> dict[str, str]:
    """Version -> stage of every version of `name`."""
    return {mv.version: mv.current_stage for mv in client.search_model_versions(f"name = '{name}'")}


# ----------------------------------------------------------------------------- register_model


def test_register_model_from_a_run_numbers_versions_1_2_3(client, logged, name):
    versions = [register(logged, name) for _ in range(3)]

    assert [mv.version for mv in versions] == ["1", "2", "3"]
    for mv in versions:
        assert mv.name == name
        # MLflow 3: the run's model is a logged model, and that is what gets registered.
        assert mv.source == f"models:/{logged.model_id}"
        assert mv.run_id == logged.run_id
        assert mv.status == "READY"
        assert mv.current_stage == "None"
        assert mv.creation_timestamp > 0

    model = client.get_registered_model(name)
    assert model.name == name
    # latest_versions: the newest version of each stage, and all three are in stage None.
    assert [(mv.version, mv.current_stage) for mv in model.latest_versions] == [("3", "None")]
    assert sorted(mv.version for mv in client.search_model_versions(f"name = '{name}'")) == ["1", "2", "3"]

    got = client.get_model_version(name, "2")
    assert (got.name, got.version, got.source, got.run_id) == (name, "2", f"models:/{logged.model_id}", logged.run_id)


def test_register_model_records_the_versions_on_the_logged_model(client, logged, name):
    register(logged, name)
    register(logged, name)
    tag = client.get_logged_model(logged.model_id).tags.get("mlflow.modelVersions")
    assert tag is not None, client.get_logged_model(logged.model_id).tags
    recorded = {(entry["name"], str(entry["version"])) for entry in json.loads(tag)}
    assert recorded == {(name, "1"), (name, "2")}, tag


def test_register_model_from_model_files_in_the_run_artifacts(client, fluent_experiment, iris, trained, name, tmp_path):
    # The MLflow 2 way, still common: the model's files are artifacts of the run itself.
    x, _ = iris
    local = tmp_path / "model"
    mlflow.sklearn.save_model(trained, str(local), input_example=x.head(3))
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(local), artifact_path="model")
    run_id = run.info.run_id

    mv = mlflow.register_model(f"runs:/{run_id}/model", name)
    assert mv.version == "1"
    assert mv.run_id == run_id
    assert mv.source == client.get_run(run_id).info.artifact_uri + "/model"

    loaded = mlflow.pyfunc.load_model(f"models:/{name}/1")
    np.testing.assert_array_equal(loaded.predict(x), trained.predict(x))


# ----------------------------------------------------------------------------- registered models


def test_create_registered_model_with_tags_and_description(client, name):
    created = client.create_registered_model(name, tags={"team": "fraud", "tier": "1"}, description="scores cards")
    assert created.name == name
    assert created.description == "scores cards"
    assert created.tags == {"team": "fraud", "tier": "1"}

    got = client.get_registered_model(name)
    assert got.name == name
    assert got.description == "scores cards"
    assert got.tags == {"team": "fraud", "tier": "1"}
    assert got.latest_versions == []
    assert got.aliases == {}
    assert got.creation_timestamp > 0
    assert got.last_updated_timestamp >= got.creation_timestamp


def test_update_description_and_tags_of_a_registered_model(client, name):
    client.create_registered_model(name, tags={"keep": "1", "drop": "x"})

    updated = client.update_registered_model(name, description="now documented")
    assert updated.description == "now documented"
    client.set_registered_model_tag(name, "stage", "beta")
    client.set_registered_model_tag(name, "stage", "ga")  # the same key again: overwritten
    client.delete_registered_model_tag(name, "drop")

    got = client.get_registered_model(name)
    assert got.description == "now documented"
    assert got.tags == {"keep": "1", "stage": "ga"}


def test_rename_registered_model_keeps_its_versions(client, logged, iris, trained, name):
    register(logged, name)
    client.set_registered_model_alias(name, "champion", "1")
    new_name = unique_name("renamed")

    client.rename_registered_model(name, new_name)

    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_registered_model(old name)"):
        client.get_registered_model(name)
    got = client.get_registered_model(new_name)
    assert [mv.version for mv in got.latest_versions] == ["1"]
    assert got.aliases == {"champion": "1"}
    mv = client.get_model_version(new_name, "1")
    assert (mv.name, mv.source) == (new_name, f"models:/{logged.model_id}")

    x, _ = iris
    loaded = mlflow.pyfunc.load_model(f"models:/{new_name}/1")
    np.testing.assert_array_equal(loaded.predict(x), trained.predict(x))
    # The versions went with the name: the next registration under it is version 2.
    assert register(logged, new_name).version == "2"


def test_delete_registered_model_deletes_its_versions(client, logged, name):
    register(logged, name)
    register(logged, name)
    client.delete_registered_model(name)

    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_registered_model after delete"):
        client.get_registered_model(name)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_model_version after delete"):
        client.get_model_version(name, "1")
    assert list(client.search_model_versions(f"name = '{name}'")) == []
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{name}'")] == []

    # The name is free again, and numbering starts over.
    client.create_registered_model(name)
    assert register(logged, name).version == "1"
    # The logged model the versions came from is not deleted with them.
    assert client.get_logged_model(logged.model_id).model_id == logged.model_id


def test_search_registered_models_by_name_prefix_and_tag(client):
    prefix = unique_name("srch")
    names = [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"]
    client.create_registered_model(names[0], tags={"team": "risk"})
    client.create_registered_model(names[1], tags={"team": "growth"})
    client.create_registered_model(names[2], tags={"team": "risk", "tier": "1"})
    client.create_registered_model(unique_name("elsewhere"), tags={"team": "risk"})

    by_prefix = client.search_registered_models(filter_string=f"name LIKE '{prefix}%'")
    assert sorted(m.name for m in by_prefix) == names
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{names[1]}'")] == [names[1]]

    risk = client.search_registered_models(filter_string=f"name LIKE '{prefix}%' AND tags.team = 'risk'")
    assert sorted(m.name for m in risk) == [names[0], names[2]]
    tier = client.search_registered_models(filter_string=f"name LIKE '{prefix}%' AND tags.tier = '1'")
    assert [m.name for m in tier] == [names[2]]
    assert {m.name: m.tags for m in risk}[names[2]] == {"team": "risk", "tier": "1"}

    descending = client.search_registered_models(filter_string=f"name LIKE '{prefix}%'", order_by=["name DESC"])
    assert [m.name for m in descending] == names[::-1]
    ascending = client.search_registered_models(filter_string=f"name LIKE '{prefix}%'", order_by=["name ASC"])
    assert [m.name for m in ascending] == names

    assert list(client.search_registered_models(filter_string=f"name LIKE '{prefix}-zz%'")) == []


def test_search_registered_models_pages_with_max_results_and_page_token(client):
    prefix = unique_name("page")
    names = [f"{prefix}-{i}" for i in range(5)]
    for n in names:
        client.create_registered_model(n)

    seen, sizes, token = [], [], None
    for _ in range(10):
        page = client.search_registered_models(
            filter_string=f"name LIKE '{prefix}%'", max_results=2, order_by=["name ASC"], page_token=token
        )
        seen += [m.name for m in page]
        sizes.append(len(page))
        token = page.token
        if not token:
            break
    assert sizes == [2, 2, 1]
    assert seen == names


def test_search_registered_models_shows_latest_versions_and_aliases(client, logged, name):
    register(logged, name)
    register(logged, name)
    client.set_registered_model_alias(name, "champion", "1")
    [found] = client.search_registered_models(filter_string=f"name = '{name}'")
    assert [mv.version for mv in found.latest_versions] == ["2"]
    assert found.aliases == {"champion": "1"}


# ----------------------------------------------------------------------------- model versions


def test_create_model_version_from_a_logged_model(client, logged, name):
    client.create_registered_model(name)
    mv = client.create_model_version(
        name,
        source=f"models:/{logged.model_id}",
        run_id=logged.run_id,
        tags={"validated": "yes"},
        description="first cut",
        model_id=logged.model_id,
    )
    assert (mv.name, mv.version) == (name, "1")
    assert mv.source == f"models:/{logged.model_id}"
    assert mv.run_id == logged.run_id
    assert mv.tags == {"validated": "yes"}
    assert mv.description == "first cut"
    assert mv.current_stage == "None"
    assert mv.status == "READY"

    got = client.get_model_version(name, "1")
    assert (got.source, got.run_id, got.tags, got.description) == (
        f"models:/{logged.model_id}",
        logged.run_id,
        {"validated": "yes"},
        "first cut",
    )


def test_create_model_version_from_a_runs_uri(client, fluent_experiment, iris, trained, name, tmp_path):
    x, _ = iris
    local = tmp_path / "model"
    mlflow.sklearn.save_model(trained, str(local))
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(local), artifact_path="model")
    client.create_registered_model(name)

    mv = client.create_model_version(name, source=f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    assert mv.version == "1"
    assert mv.source == f"runs:/{run.info.run_id}/model"
    assert mv.run_id == run.info.run_id

    loaded = mlflow.pyfunc.load_model(f"models:/{name}/1")
    np.testing.assert_array_equal(loaded.predict(x), trained.predict(x))


def test_update_description_and_tags_of_a_model_version(client, logged, name):
    register(logged, name)
    updated = client.update_model_version(name, "1", description="calibrated on Q3")
    assert updated.description == "calibrated on Q3"
    assert updated.version == "1"

    client.set_model_version_tag(name, "1", "validated", "no")
    client.set_model_version_tag(name, "1", "validated", "yes")
    client.set_model_version_tag(name, "1", "owner", "ana")
    client.delete_model_version_tag(name, "1", "owner")

    got = client.get_model_version(name, "1")
    assert got.description == "calibrated on Q3"
    assert got.tags == {"validated": "yes"}


def test_delete_model_version_leaves_the_others_and_numbers_are_not_reused(client, logged, name):
    for _ in range(3):
        register(logged, name)
    client.set_registered_model_alias(name, "champion", "3")

    client.delete_model_version(name, "1")
    client.delete_model_version(name, "3")

    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_model_version of a deleted version"):
        client.get_model_version(name, "1")
    assert client.get_model_version(name, "2").version == "2"
    assert sorted(mv.version for mv in client.search_model_versions(f"name = '{name}'")) == ["2"]
    # The deleted version's alias went with it.
    assert client.get_registered_model(name).aliases == {}
    # Version numbers are never handed out twice, not even the newest deleted one.
    assert register(logged, name).version == "4"


def test_search_model_versions_by_name_and_run_id(client, fluent_experiment, iris, trained, other_model, name):
    x, _ = iris
    first = log_in_a_run(trained, x)
    second = log_in_a_run(other_model, x, skops_trusted_types=TREE)
    register(first, name)
    register(second, name)
    register(second, name)
    elsewhere = unique_name("model")
    register(first, elsewhere)

    by_name = client.search_model_versions(f"name = '{name}'")
    assert sorted((mv.version, mv.run_id) for mv in by_name) == [
        ("1", first.run_id),
        ("2", second.run_id),
        ("3", second.run_id),
    ]
    by_run = client.search_model_versions(f"run_id = '{first.run_id}'")
    assert sorted((mv.name, mv.version) for mv in by_run) == sorted([(name, "1"), (elsewhere, "1")])
    both = client.search_model_versions(f"name = '{name}' AND run_id = '{second.run_id}'")
    assert sorted(mv.version for mv in both) == ["2", "3"]
    assert list(client.search_model_versions(f"name = '{unique_name('nothing')}'")) == []


def test_download_uri_of_a_version_holds_its_model_files(client, logged, name, tmp_path):
    register(logged, name)
    uri = client.get_model_version_download_uri(name, "1")
    assert isinstance(uri, str) and uri, uri
    local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(tmp_path))
    names = {p.name for p in Path(local).iterdir()}
    assert {"MLmodel", "requirements.txt"} <= names, names


# ----------------------------------------------------------------------------- stages


def test_get_latest_versions_answers_the_newest_version_of_each_stage(client, logged, name):
    for _ in range(4):
        register(logged, name)
    client.transition_model_version_stage(name, "1", "Production")
    client.transition_model_version_stage(name, "2", "Staging")
    client.transition_model_version_stage(name, "3", "Staging")

    latest = {mv.current_stage: mv.version for mv in client.get_latest_versions(name)}
    assert latest == {"None": "4", "Staging": "3", "Production": "1"}
    assert [mv.version for mv in client.get_latest_versions(name, stages=["Production"])] == ["1"]
    assert [mv.version for mv in client.get_latest_versions(name, stages=["Staging"])] == ["3"]
    assert client.get_latest_versions(name, stages=["Archived"]) == []
    model = client.get_registered_model(name)
    assert {mv.current_stage: mv.version for mv in model.latest_versions} == latest


def test_transition_stage_archives_the_versions_already_there_when_asked(client, logged, name):
    for _ in range(3):
        register(logged, name)

    moved = client.transition_model_version_stage(name, "1", "Production")
    assert (moved.version, moved.current_stage) == ("1", "Production")
    # Without archive_existing_versions two versions may share a stage.
    client.transition_model_version_stage(name, "2", "Production", archive_existing_versions=False)
    assert stages_of(client, name) == {"1": "Production", "2": "Production", "3": "None"}

    moved = client.transition_model_version_stage(name, "3", "Production", archive_existing_versions=True)
    assert moved.current_stage == "Production"
    assert stages_of(client, name) == {"1": "Archived", "2": "Archived", "3": "Production"}

    # Stage names are case-insensitive; the answer is the canonical spelling.
    back = client.transition_model_version_stage(name, "1", "staging")
    assert back.current_stage == "Staging"
    assert client.get_model_version(name, "1").current_stage == "Staging"
    client.transition_model_version_stage(name, "1", "None")
    assert client.get_model_version(name, "1").current_stage == "None"


# ----------------------------------------------------------------------------- aliases


def test_aliases_point_at_a_version_and_move(client, logged, name):
    for _ in range(2):
        register(logged, name)

    client.set_registered_model_alias(name, "champion", "1")
    client.set_registered_model_alias(name, "challenger", "2")
    assert client.get_model_version_by_alias(name, "champion").version == "1"
    assert client.get_registered_model(name).aliases == {"champion": "1", "challenger": "2"}
    assert client.get_model_version(name, "1").aliases == ["champion"]

    # Setting an alias again moves it.
    client.set_registered_model_alias(name, "champion", "2")
    by_alias = client.get_model_version_by_alias(name, "champion")
    assert (by_alias.name, by_alias.version, by_alias.source) == (name, "2", f"models:/{logged.model_id}")
    assert sorted(by_alias.aliases) == ["challenger", "champion"]
    assert client.get_model_version(name, "1").aliases == []

    client.delete_registered_model_alias(name, "challenger")
    assert client.get_registered_model(name).aliases == {"champion": "2"}
    assert client.get_model_version(name, "2").aliases == ["champion"]


def test_a_deleted_alias_is_gone(client, logged, name):
    register(logged, name)
    client.set_registered_model_alias(name, "champion", "1")
    client.delete_registered_model_alias(name, "champion")
    # MLflow answers an unknown alias of an existing model INVALID_PARAMETER_VALUE (not 404).
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what="get_model_version_by_alias(deleted alias)"):
        client.get_model_version_by_alias(name, "champion")
    # Deleting an alias the model does not have is not an error.
    client.delete_registered_model_alias(name, "champion")


# ----------------------------------------------------------------------------- loading


def test_load_a_registered_model_by_version_alias_stage_and_latest(
    client, fluent_experiment, iris, trained, other_model, name
):
    x, _ = iris
    expected, other_expected = trained.predict(x), other_model.predict(x)
    assert not np.array_equal(expected, other_expected)  # so that loading the wrong version shows
    first = log_in_a_run(trained, x)
    second = log_in_a_run(other_model, x, skops_trusted_types=TREE)
    register(first, name)
    register(second, name)
    client.set_registered_model_alias(name, "champion", "1")
    client.transition_model_version_stage(name, "1", "Production")

    cases = {
        f"models:/{name}/1": expected,
        f"models:/{name}/2": other_expected,
        f"models:/{name}@champion": expected,
        f"models:/{name}/Production": expected,
        f"models:/{name}/latest": other_expected,
    }
    for uri, want in cases.items():
        loaded = mlflow.pyfunc.load_model(uri)
        np.testing.assert_array_equal(loaded.predict(x), want, err_msg=uri)

    native = mlflow.sklearn.load_model(f"models:/{name}@champion")
    assert isinstance(native, LogisticRegression)
    np.testing.assert_array_almost_equal(native.predict_proba(x), trained.predict_proba(x))


# ----------------------------------------------------------------------------- errors


def test_a_duplicate_name_is_resource_already_exists(client, name):
    client.create_registered_model(name)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS", status=400, what="create_registered_model(duplicate)"):
        client.create_registered_model(name)
    other = unique_name("model")
    client.create_registered_model(other)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS", status=400, what="rename_registered_model onto an existing name"):
        client.rename_registered_model(other, name)
    assert client.get_registered_model(other).name == other


def test_missing_models_and_versions_are_resource_does_not_exist(client, logged, name, tmp_path):
    missing = unique_name("missing")

    def absent(what, call):
        with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what=what):
            call()

    absent("get_registered_model", lambda: client.get_registered_model(missing))
    absent("update_registered_model", lambda: client.update_registered_model(missing, description="x"))
    absent("rename_registered_model", lambda: client.rename_registered_model(missing, unique_name("x")))
    absent("delete_registered_model", lambda: client.delete_registered_model(missing))
    absent("set_registered_model_tag", lambda: client.set_registered_model_tag(missing, "k", "v"))
    absent("get_latest_versions", lambda: client.get_latest_versions(missing))
    absent("get_model_version_by_alias (no model)", lambda: client.get_model_version_by_alias(missing, "champion"))
    absent(
        "create_model_version (no model)",
        lambda: client.create_model_version(
            missing, source=f"models:/{logged.model_id}", run_id=logged.run_id, model_id=logged.model_id
        ),
    )

    register(logged, name)
    absent("get_model_version(9)", lambda: client.get_model_version(name, "9"))
    absent("update_model_version(9)", lambda: client.update_model_version(name, "9", description="x"))
    absent("delete_model_version(9)", lambda: client.delete_model_version(name, "9"))
    absent("set_model_version_tag(9)", lambda: client.set_model_version_tag(name, "9", "k", "v"))
    absent("transition_model_version_stage(9)", lambda: client.transition_model_version_stage(name, "9", "Staging"))
    absent("get_model_version_download_uri(9)", lambda: client.get_model_version_download_uri(name, "9"))
    absent("set_registered_model_alias(version 9)", lambda: client.set_registered_model_alias(name, "champion", "9"))
    absent("pyfunc.load_model(models:/<name>/9)", lambda: mlflow.pyfunc.load_model(f"models:/{name}/9", dst_path=str(tmp_path)))
    absent("pyfunc.load_model(models:/<missing>/1)", lambda: mlflow.pyfunc.load_model(f"models:/{missing}/1", dst_path=str(tmp_path)))


def test_an_unknown_stage_is_invalid_parameter_value(client, logged, name):
    register(logged, name)
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what="transition_model_version_stage(Deployed)"):
        client.transition_model_version_stage(name, "1", "Deployed")
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what="get_latest_versions(stages=[Deployed])"):
        client.get_latest_versions(name, stages=["Deployed"])
    assert client.get_model_version(name, "1").current_stage == "None"


def test_reserved_alias_names_are_invalid_parameter_value(client, logged, name):
    register(logged, name)
    for alias in ("latest", "LATEST", "v1"):
        with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what=f"set_registered_model_alias({alias!r})"):
            client.set_registered_model_alias(name, alias, "1")
    assert client.get_registered_model(name).aliases == {}
    # `latest` is not an alias one sets, but it answers the newest version.
    assert client.get_model_version_by_alias(name, "latest").version == "1"


# ----------------------------------------------------------------------------- Cairn only


@cairn_only
def test_another_orgs_registered_model_does_not_exist_for_it(mlflow_env, tenant, new_tenant, logged, name, tmp_path):
    owner = mlflow_env.client
    register(logged, name)
    owner.set_registered_model_tag(name, "owner", "a")
    owner.set_registered_model_alias(name, "champion", "1")
    before = (owner.get_registered_model(name).tags, owner.get_registered_model(name).aliases, stages_of(owner, name))

    other = new_tenant()
    client = mlflow_env.use(other.connection)

    def missing(what, call):
        with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what=f"{what} as another org"):
            call()

    missing("get_registered_model", lambda: client.get_registered_model(name))
    missing("get_model_version", lambda: client.get_model_version(name, "1"))
    missing("get_model_version_by_alias", lambda: client.get_model_version_by_alias(name, "champion"))
    missing("get_model_version_download_uri", lambda: client.get_model_version_download_uri(name, "1"))
    missing("get_latest_versions", lambda: client.get_latest_versions(name))
    missing("set_registered_model_tag", lambda: client.set_registered_model_tag(name, "owner", "b"))
    missing("update_registered_model", lambda: client.update_registered_model(name, description="hijacked"))
    missing("rename_registered_model", lambda: client.rename_registered_model(name, unique_name("hijacked")))
    missing("transition_model_version_stage", lambda: client.transition_model_version_stage(name, "1", "Archived"))
    missing("set_registered_model_alias", lambda: client.set_registered_model_alias(name, "champion", "1"))
    missing("delete_model_version", lambda: client.delete_model_version(name, "1"))
    missing("delete_registered_model", lambda: client.delete_registered_model(name))
    missing("pyfunc.load_model", lambda: mlflow.pyfunc.load_model(f"models:/{name}/1", dst_path=str(tmp_path)))
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{name}'")] == []
    assert list(client.search_model_versions(f"name = '{name}'")) == []
    assert list(client.search_model_versions(f"run_id = '{logged.run_id}'")) == []
    # Registering A's logged model into B's own registry: A's model does not exist for B.
    client.create_registered_model(name)  # names are per project: B may use the same one
    missing(
        "create_model_version from another org's logged model",
        lambda: client.create_model_version(
            name, source=f"models:/{logged.model_id}", run_id=logged.run_id, model_id=logged.model_id
        ),
    )
    assert client.get_registered_model(name).latest_versions == []

    owner = mlflow_env.use(tenant.connection)
    after = (owner.get_registered_model(name).tags, owner.get_registered_model(name).aliases, stages_of(owner, name))
    assert after == before


@cairn_only
def test_a_source_outside_cairns_store_is_refused(client, logged, name):
    client.create_registered_model(name)
    for source in ("s3://someone-elses-bucket/model", "file:///etc", "https://example.com/model.pkl"):
        with raises_mlflow("INVALID_PARAMETER_VALUE", status=400, what=f"create_model_version(source={source})"):
            client.create_model_version(name, source=source, run_id=logged.run_id)
    assert client.get_registered_model(name).latest_versions == []


@cairn_only
def test_the_native_api_shows_a_version_registered_through_mlflow(tenant, fluent_experiment, iris, trained, name):
    x, y = iris
    accuracy = trained.score(x, y)
    # cloudpickle: a model.pkl, which runs code when loaded.
    logged = log_in_a_run(trained, x, accuracy=accuracy, serialization_format="cloudpickle")
    register(logged, name)

    org, project = tenant.org["slug"], tenant.project["slug"]
    path = f"/api/v1/orgs/{org}/projects/{project}/models/{urllib.parse.quote(name, safe='')}/versions/1"
    resp = tenant.user.client.get(path)
    assert resp.status_code == 200, f"GET {path} -> {resp.status_code} {resp.text[:500]}"
    version = resp.json()

    assert version["model_name"] == name
    assert version["version"] == 1
    assert version["stage"] == "development"
    assert version["framework"] == "sklearn"
    assert version["source"]["run_id"] == logged.run_id
    assert version["source"]["logged_model_id"] == logged.model_id
    assert version["source"]["experiment_id"] == fluent_experiment
    assert "sklearn" in version["flavors"] and "python_function" in version["flavors"], version["flavors"]
    signature = version["signature"]
    assert signature is not None and signature.get("inputs"), signature
    assert "sepal length (cm)" in json.dumps(signature["inputs"]), signature
    assert any(r.startswith("scikit-learn") for r in version["pip_requirements"]), version["pip_requirements"]
    assert any(r.startswith("cloudpickle") for r in version["pip_requirements"]), version["pip_requirements"]
    assert version["executable_code"] is True
    assert version["file_count"] >= 3 and version["size_bytes"] > 0, version
    # The source run's metrics are copied onto the version.
    assert version["metrics"] == {"accuracy": pytest.approx(accuracy)}
    assert version["lineage"]["run"]["id"] == logged.run_id

    files = tenant.user.client.get(path + "/files")
    assert files.status_code == 200, files.text[:500]
    body = files.json()
    items = body["items"] if isinstance(body, dict) else body
    pkl = [f for f in items if f["path"].endswith("model.pkl")]
    assert pkl and pkl[0]["executable_code"] is True, items
