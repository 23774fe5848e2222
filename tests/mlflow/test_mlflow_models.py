"""Models through the stock mlflow client (MLflow 3 logged models): mlflow.sklearn.log_model, then
mlflow.pyfunc / mlflow.sklearn load_model through runs:/<run_id>/model and models:/<model_id>,
mlflow.sklearn.autolog() on a small scikit-learn model, and search_logged_models in MLflow's whole
logged-model grammar (metrics, params, tags, attributes, datasets, order_by)."""

from __future__ import annotations

from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeRegressor

from mlflow_support import cairn_only, raises_mlflow


@pytest.fixture(scope="module")
def iris():
    data = load_iris(as_frame=True)  # ships inside scikit-learn: no download
    return data.data, data.target


@pytest.fixture
def trained(iris):
    x, y = iris
    return LogisticRegression(max_iter=300).fit(x, y)


@pytest.fixture
def autolog():
    mlflow.sklearn.autolog(silent=True)
    yield
    mlflow.sklearn.autolog(disable=True)


def test_log_model_then_load_it_through_runs_and_models_uris(fluent_experiment, client, iris, trained):
    x, _ = iris
    expected = trained.predict(x)
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(trained, name="model", input_example=x.head(3))
    run_id = run.info.run_id
    assert info.model_id and info.model_uri == f"models:/{info.model_id}"
    assert info.run_id == run_id

    from_run = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
    np.testing.assert_array_equal(from_run.predict(x), expected)

    from_id = mlflow.pyfunc.load_model(info.model_uri)
    np.testing.assert_array_equal(from_id.predict(x), expected)

    native = mlflow.sklearn.load_model(info.model_uri)
    assert isinstance(native, LogisticRegression)
    np.testing.assert_array_almost_equal(native.predict_proba(x), trained.predict_proba(x))

    assert info.signature is not None
    assert from_id.metadata.get_input_schema().input_names() == list(x.columns)


def test_a_logged_model_is_an_mlflow3_logged_model_of_its_run(fluent_experiment, client, iris, trained):
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(trained, name="clf", params={"C": 1.0}, tags={"family": "linear"})
        mlflow.log_metric("acc", 0.97, model_id=info.model_id)
    model = mlflow.get_logged_model(info.model_id)
    assert model.model_id == info.model_id
    assert model.name == "clf"
    assert model.experiment_id == fluent_experiment
    assert model.source_run_id == run.info.run_id
    assert str(model.status) == "READY"
    assert model.tags["family"] == "linear"
    assert model.params == {"C": "1.0"}
    assert [(m.key, m.value) for m in model.metrics] == [("acc", 0.97)]

    found = mlflow.search_logged_models(experiment_ids=[fluent_experiment], output_format="list")
    assert [m.model_id for m in found] == [info.model_id]
    by_name = mlflow.search_logged_models(
        experiment_ids=[fluent_experiment], filter_string="name = 'clf'", output_format="list"
    )
    assert [m.model_id for m in by_name] == [info.model_id]

    # The run records the model among its outputs.
    outputs = client.get_run(run.info.run_id).outputs
    assert [o.model_id for o in outputs.model_outputs] == [info.model_id]


def test_a_regressor_predicts_the_same_after_a_round_trip(fluent_experiment, iris):
    x, y = iris
    reg = DecisionTreeRegressor(max_depth=3, random_state=0).fit(x, y.astype(float))
    with mlflow.start_run():
        # skops (the default format) loads tree internals only when told to trust them.
        info = mlflow.sklearn.log_model(reg, name="reg", skops_trusted_types=["sklearn.tree._tree.Tree"])
    loaded = mlflow.pyfunc.load_model(info.model_uri)
    frame = pd.DataFrame(x.values[:20], columns=x.columns)
    np.testing.assert_array_equal(loaded.predict(frame), reg.predict(frame))


def test_model_files_are_artifacts_under_the_model(fluent_experiment, iris, trained, tmp_path):
    with mlflow.start_run():
        info = mlflow.sklearn.log_model(trained, name="model")
    local = mlflow.artifacts.download_artifacts(artifact_uri=info.model_uri, dst_path=str(tmp_path))
    names = {p.name for p in Path(local).iterdir()}
    assert {"MLmodel", "requirements.txt"} <= names, names
    assert names & {"model.skops", "model.pkl"}, names


def test_an_unknown_model_id_is_resource_does_not_exist(tmp_path):
    missing = "m-" + "0" * 32
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="get_logged_model"):
        mlflow.get_logged_model(missing)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404, what="pyfunc.load_model"):
        mlflow.pyfunc.load_model(f"models:/{missing}", dst_path=str(tmp_path))


def test_sklearn_autolog_records_params_metrics_and_a_model(fluent_experiment, client, iris, autolog):
    x, y = iris
    with mlflow.start_run() as run:
        model = LogisticRegression(C=0.5, max_iter=250).fit(x, y)
    got = client.get_run(run.info.run_id)

    assert got.data.params["C"] == "0.5"
    assert got.data.params["max_iter"] == "250"
    assert got.data.tags["estimator_name"] == "LogisticRegression"
    assert got.data.tags["estimator_class"] == "sklearn.linear_model._logistic.LogisticRegression"
    for metric in ("training_accuracy_score", "training_f1_score", "training_score"):
        assert metric in got.data.metrics, f"autolog logged the metrics {sorted(got.data.metrics)}"
    assert got.data.metrics["training_score"] == pytest.approx(model.score(x, y))

    # The training data was recorded as a dataset input.
    contexts = [{t.key: t.value for t in d.tags}.get("mlflow.data.context") for d in got.inputs.dataset_inputs]
    assert "train" in contexts, contexts

    # The fitted model was logged as an MLflow 3 logged model of this run and loads back.
    models = mlflow.search_logged_models(
        experiment_ids=[fluent_experiment], filter_string=f"source_run_id = '{run.info.run_id}'", output_format="list"
    )
    assert len(models) == 1, models
    loaded = mlflow.pyfunc.load_model(f"models:/{models[0].model_id}")
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


@pytest.fixture
def scored_models(fluent_experiment):
    """Three logged models with params, tags and metrics on two datasets: (experiment id,
    name -> model id, dataset name -> the `datasets` entry that selects it)."""
    frame = pd.DataFrame({"x": [1.0, 2.0], "y": [0, 1]})
    evaluation = mlflow.data.from_pandas(frame, name="eval")
    training = mlflow.data.from_pandas(frame.iloc[:1], name="train")
    spec = {
        "clf-a": ({"lr": "0.1", "depth": "3"}, {"team": "vision"}, {"eval": 0.91, "train": 0.5}),
        "clf-b": ({"lr": "0.01", "depth": "12"}, {"team": "nlp"}, {"eval": 0.75, "train": 0.95}),
        "clf-c": ({"lr": "0.1"}, {"team": "vision"}, {}),
    }
    ids = {}
    with mlflow.start_run():
        for name, (params, tags, acc) in spec.items():
            model = mlflow.initialize_logged_model(name=name, params=params, tags=tags)
            for dataset_name, value in acc.items():
                dataset = evaluation if dataset_name == "eval" else training
                mlflow.log_metric("acc", value, model_id=model.model_id, dataset=dataset)
            ids[name] = model.model_id
    # With its digest: MLflow's server (3.17.2) turns a missing digest into "digest IS NULL", so a
    # dataset named without its digest matches nothing there (its store and docs mean "any digest",
    # which Cairn does).
    datasets = {d.name: {"dataset_name": d.name, "dataset_digest": d.digest} for d in (evaluation, training)}
    return fluent_experiment, ids, datasets


@pytest.mark.parametrize(
    "filter_string, datasets, expected",
    [
        ("metrics.acc > 0.8", None, {"clf-a", "clf-b"}),  # any point of the metric
        ("metrics.acc > 0.8", ["eval"], {"clf-a"}),
        # Each clause holds on some point: clf-a has 0.5 and 0.91.
        ("metrics.acc <= 0.75 AND metrics.acc >= 0.75", None, {"clf-a", "clf-b"}),
        ("metrics.acc <= 0.75 AND metrics.acc >= 0.75", ["eval"], {"clf-b"}),
        ("metrics.acc != 0.5", ["train"], {"clf-b"}),
        ("metrics.acc > 0.8", ["eval", "train"], {"clf-a", "clf-b"}),
        ("metrics.acc >= 0.5 AND params.lr = '0.1'", None, {"clf-a"}),
        ("params.lr = '0.1'", None, {"clf-a", "clf-c"}),
        ("params.depth != '3'", None, {"clf-b"}),
        ("params.lr IN ('0.01', '0.5')", None, {"clf-b"}),
        ("params.lr NOT IN ('0.01')", None, {"clf-a", "clf-c"}),
        ("params.depth LIKE '1%'", None, {"clf-b"}),
        ("tags.team ILIKE 'VISION'", None, {"clf-a", "clf-c"}),
        ("tags.team = 'nlp' AND name = 'clf-b'", None, {"clf-b"}),
        ("name LIKE 'clf-%' AND creation_timestamp > 0", None, {"clf-a", "clf-b", "clf-c"}),
        ("attributes.name IN ('clf-a', 'clf-c')", None, {"clf-a", "clf-c"}),
        ("creation_time < 0", None, set()),
        ("", ["train"], {"clf-a", "clf-b"}),  # models with a metric on the dataset
        ("metrics.acc > 2", None, set()),
    ],
)
def test_search_logged_models_accepts_mlflows_grammar(scored_models, filter_string, datasets, expected):
    experiment_id, ids, dataset_filters = scored_models
    found = mlflow.search_logged_models(
        experiment_ids=[experiment_id], filter_string=filter_string or None,
        datasets=[dataset_filters[d] for d in datasets] if datasets else None, output_format="list")
    by_id = {v: k for k, v in ids.items()}
    assert {by_id[m.model_id] for m in found} == expected


def test_search_logged_models_orders_by_metrics_and_attributes(scored_models):
    experiment_id, ids, _ = scored_models
    by_id = {v: k for k, v in ids.items()}

    def order(*order_by):
        found = mlflow.search_logged_models(experiment_ids=[experiment_id], order_by=list(order_by),
                                            output_format="list")
        return [by_id[m.model_id] for m in found]

    # The latest point of the metric (on the dataset when named); models without it last.
    assert order({"field_name": "metrics.acc", "ascending": False, "dataset_name": "eval"}) == ["clf-a", "clf-b", "clf-c"]
    assert order({"field_name": "metrics.acc", "ascending": True, "dataset_name": "eval"}) == ["clf-b", "clf-a", "clf-c"]
    assert order({"field_name": "metrics.acc", "ascending": False, "dataset_name": "train"}) == ["clf-b", "clf-a", "clf-c"]
    assert order({"field_name": "name", "ascending": False}) == ["clf-c", "clf-b", "clf-a"]
    assert order({"field_name": "creation_timestamp", "ascending": True}) == ["clf-a", "clf-b", "clf-c"]
    assert order() == ["clf-c", "clf-b", "clf-a"]  # newest first


@pytest.mark.parametrize(
    "kwargs",
    [
        {"filter_string": "metrics.acc LIKE '0.9'"},
        {"filter_string": "params.lr > '0.1'"},
        {"filter_string": "metrics.acc > 0.1 OR params.lr = '0.1'"},
        {"order_by": [{"field_name": "params.lr"}]},
        {"order_by": [{"field_name": "no_such_field"}]},
    ],
)
def test_search_logged_models_refuses_what_mlflow_refuses(scored_models, kwargs):
    experiment_id, _, _ = scored_models
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        mlflow.search_logged_models(experiment_ids=[experiment_id], output_format="list", **kwargs)


@cairn_only
def test_a_dataset_named_without_its_digest_selects_every_digest(scored_models):
    """What MLflow's store and docs mean by a dataset filter without a digest (its server 3.17.2
    matches nothing there, see scored_models)."""
    experiment_id, ids, _ = scored_models
    found = mlflow.search_logged_models(experiment_ids=[experiment_id], filter_string="metrics.acc > 0.8",
                                        datasets=[{"dataset_name": "eval"}], output_format="list")
    assert [m.model_id for m in found] == [ids["clf-a"]]
