"""Models through the stock mlflow client (MLflow 3 logged models): mlflow.sklearn.log_model, then
mlflow.pyfunc / mlflow.sklearn load_model through runs:/<run_id>/model and models:/<model_id>,
and mlflow.sklearn.autolog() on a small scikit-learn model."""

from __future__ import annotations

from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeRegressor

from mlflow_support import raises_mlflow


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
