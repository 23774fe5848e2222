"""Experiments through the stock mlflow client: create, get, get by name, set_experiment, search,
rename, tags, delete and restore."""

from __future__ import annotations

import mlflow
from mlflow.entities import ViewType

from mlflow_support import UNKNOWN_EXPERIMENT_ID, raises_mlflow, unique_name


def test_create_experiment_is_readable_by_id_and_by_name(client):
    name = unique_name()
    exp_id = client.create_experiment(name, tags={"team": "vision", "owner": "ada"})
    assert isinstance(exp_id, str) and exp_id

    by_id = client.get_experiment(exp_id)
    assert by_id.experiment_id == exp_id
    assert by_id.name == name
    assert by_id.lifecycle_stage == "active"
    assert by_id.tags["team"] == "vision" and by_id.tags["owner"] == "ada"
    assert by_id.artifact_location, "an experiment needs an artifact location for its runs"
    assert by_id.creation_time and by_id.last_update_time >= by_id.creation_time

    by_name = client.get_experiment_by_name(name)
    assert by_name is not None and by_name.experiment_id == exp_id


def test_get_experiment_by_unknown_name_is_none(client):
    assert client.get_experiment_by_name(unique_name("missing")) is None


def test_creating_an_experiment_with_a_taken_name_is_resource_already_exists(client):
    name = unique_name()
    client.create_experiment(name)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_experiment(name)


def test_set_experiment_creates_it_once_and_makes_it_active(mlflow_env):
    name = unique_name()
    first = mlflow.set_experiment(name)
    again = mlflow.set_experiment(name)
    assert first.experiment_id == again.experiment_id
    assert first.name == name
    with mlflow.start_run() as run:
        pass
    assert run.info.experiment_id == first.experiment_id


def test_set_experiment_by_id_makes_it_active(mlflow_env, experiment_id):
    exp = mlflow.set_experiment(experiment_id=experiment_id)
    assert exp.experiment_id == experiment_id
    with mlflow.start_run() as run:
        pass
    assert run.info.experiment_id == experiment_id


def test_a_run_without_an_experiment_lands_in_the_default_experiment(mlflow_env, client):
    # Stock scripts often call mlflow.start_run() with no experiment set: the client then uses
    # experiment id "0", which MLflow names "Default".
    with mlflow.start_run() as run:
        mlflow.log_param("where", "default")
    exp = client.get_experiment(run.info.experiment_id)
    assert exp.name == "Default"
    assert client.get_experiment_by_name("Default").experiment_id == run.info.experiment_id
    assert client.get_run(run.info.run_id).data.params == {"where": "default"}


def test_rename_experiment_moves_the_name(client, experiment_id):
    old = client.get_experiment(experiment_id).name
    new = unique_name("renamed")
    client.rename_experiment(experiment_id, new)
    assert client.get_experiment(experiment_id).name == new
    assert client.get_experiment_by_name(new).experiment_id == experiment_id
    assert client.get_experiment_by_name(old) is None


def test_experiment_tags_are_set_and_deleted(client, experiment_id):
    client.set_experiment_tag(experiment_id, "stage", "draft")
    client.set_experiment_tag(experiment_id, "stage", "final")  # overwrite is fine
    client.set_experiment_tag(experiment_id, "keep", "yes")
    assert {"stage": "final", "keep": "yes"}.items() <= client.get_experiment(experiment_id).tags.items()
    client.delete_experiment_tag(experiment_id, "stage")
    tags = client.get_experiment(experiment_id).tags
    assert "stage" not in tags and tags["keep"] == "yes"


def test_a_deleted_experiment_keeps_its_name_and_refuses_runs_until_restored(client, experiment_id):
    name = client.get_experiment(experiment_id).name
    client.delete_experiment(experiment_id)
    deleted = client.get_experiment(experiment_id)
    assert deleted.lifecycle_stage == "deleted"
    # A deleted experiment is still found by name (MLflow keeps its name reserved).
    assert client.get_experiment_by_name(name).lifecycle_stage == "deleted"
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_experiment(name)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.create_run(experiment_id)

    client.restore_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "active"
    assert client.create_run(experiment_id).info.experiment_id == experiment_id


def test_set_experiment_refuses_a_deleted_experiment(mlflow_env, client, experiment_id):
    name = client.get_experiment(experiment_id).name
    client.delete_experiment(experiment_id)
    with raises_mlflow("INVALID_PARAMETER_VALUE", match="deleted"):
        mlflow.set_experiment(name)


def test_search_experiments_filters_by_name_and_tags(client):
    prefix = unique_name("search")
    a = client.create_experiment(f"{prefix}-alpha", tags={"kind": "cnn"})
    b = client.create_experiment(f"{prefix}-beta", tags={"kind": "rnn"})
    c = client.create_experiment(f"{prefix}-gamma", tags={"kind": "cnn"})

    found = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"])
    assert [e.experiment_id for e in found] == [a, b, c]

    cnn = client.search_experiments(filter_string=f"name LIKE '{prefix}-%' AND tags.kind = 'cnn'")
    assert sorted(e.experiment_id for e in cnn) == sorted([a, c])

    exact = client.search_experiments(filter_string=f"name = '{prefix}-beta'")
    assert [e.experiment_id for e in exact] == [b]

    desc = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert [e.experiment_id for e in desc] == [c, b, a]


def test_search_experiments_view_type_separates_deleted(client):
    prefix = unique_name("view")
    live = client.create_experiment(f"{prefix}-live")
    gone = client.create_experiment(f"{prefix}-gone")
    client.delete_experiment(gone)
    flt = f"name LIKE '{prefix}-%'"

    def ids(view):
        return sorted(e.experiment_id for e in client.search_experiments(view_type=view, filter_string=flt))

    assert ids(ViewType.ACTIVE_ONLY) == [live]
    assert ids(ViewType.DELETED_ONLY) == [gone]
    assert ids(ViewType.ALL) == sorted([live, gone])


def test_search_experiments_pages_with_max_results_and_page_token(client):
    prefix = unique_name("page")
    created = [client.create_experiment(f"{prefix}-{i:02d}") for i in range(5)]
    flt = f"name LIKE '{prefix}-%'"

    seen, token, pages = [], None, 0
    while True:
        page = client.search_experiments(filter_string=flt, order_by=["name ASC"], max_results=2, page_token=token)
        pages += 1
        assert len(page) <= 2
        seen.extend(e.experiment_id for e in page)
        token = page.token
        if not token:
            break
        assert pages < 10, "page_token never ran out"
    assert seen == created
    assert pages == 3


def test_unknown_experiment_id_is_resource_does_not_exist(client):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.get_experiment(UNKNOWN_EXPERIMENT_ID)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.create_run(UNKNOWN_EXPERIMENT_ID)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.delete_experiment(UNKNOWN_EXPERIMENT_ID)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.rename_experiment(UNKNOWN_EXPERIMENT_ID, unique_name())


def test_bad_experiment_filter_is_invalid_parameter_value(client):
    with raises_mlflow("INVALID_PARAMETER_VALUE", status=400):
        client.search_experiments(filter_string="name =")
