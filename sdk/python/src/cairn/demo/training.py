"""Experiments of 20 runs each, logged with the stock MLflow client: params, metric histories
(a learning curve), the dataset as an input, and the models of the best runs.

Each run carries the tag ``demo.index``; runs whose index is already in the experiment are not
trained again, so a second pass (or a pass after an interrupted one) only fills the gaps."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Any

import mlflow
import numpy as np
import sklearn
from mlflow import MlflowClient
from mlflow.entities import Metric, Param
from mlflow.models import infer_signature
from sklearn.base import clone
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, mean_squared_error, r2_score

from .config import RUNS_PER_EXPERIMENT, VERSIONS_PER_MODEL, Experiment
from .datasets import Dataset
from .grid import candidates

INDEX_TAG = "demo.index"
MODEL_TAG = "demo.model_uri"
# The learning curve: the share of the training set each step fits on.
FRACTIONS = (0.4, 0.55, 0.7, 0.85, 1.0)
# skops (MLflow's default format) loads only the types it is told to trust: a forest's trees.
TRUSTED = ["sklearn.tree._tree.Tree"]


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    index: int
    score: float  # higher is better: accuracy, or minus the RMSE
    model_uri: str | None


def _scores(data: Dataset, model: Any, x: Any, y: Any) -> dict[str, float]:
    predicted = model.predict(x)
    if data.classification:
        return {
            "accuracy": float(accuracy_score(y, predicted)),
            "f1_macro": float(f1_score(y, predicted, average="macro")),
        }
    return {
        "rmse": float(np.sqrt(mean_squared_error(y, predicted))),
        "mae": float(mean_absolute_error(y, predicted)),
        "r2": float(r2_score(y, predicted)),
    }


def _train_one(data: Dataset, estimator: Any) -> tuple[Any, list[Metric]]:
    """Fits on growing shares of the training set (the metric history), then on all of it."""
    now = int(time.time() * 1000)
    history: list[Metric] = []
    key = "accuracy" if data.classification else "rmse"
    model = estimator
    for step, fraction in enumerate(FRACTIONS):
        rows = max(int(len(data.x_train) * fraction), 30)
        model = clone(estimator).fit(data.x_train.iloc[:rows], data.y_train.iloc[:rows])
        train = _scores(data, model, data.x_train.iloc[:rows], data.y_train.iloc[:rows])[key]
        val = _scores(data, model, data.x_test, data.y_test)[key]
        history += [Metric(f"train_{key}", train, now + step, step), Metric(f"val_{key}", val, now + step, step)]
    final = _scores(data, model, data.x_test, data.y_test)
    history += [Metric(name, value, now + len(FRACTIONS), 0) for name, value in final.items()]
    return model, history


def _existing(client: MlflowClient, experiment_id: str) -> dict[int, RunSummary]:
    found: dict[int, RunSummary] = {}
    for run in client.search_runs([experiment_id], max_results=1000):
        index = run.data.tags.get(INDEX_TAG)
        if index is None or not index.isdigit():
            continue
        metrics = run.data.metrics
        score = metrics["accuracy"] if "accuracy" in metrics else -metrics.get("rmse", float("inf"))
        found[int(index)] = RunSummary(run.info.run_id, int(index), score, run.data.tags.get(MODEL_TAG))
    return found


def train_experiment(spec: Experiment, data: Dataset, log: Any) -> list[RunSummary]:
    """Makes sure the experiment has its 20 runs and its best runs a logged model; the best runs,
    worst first (the order their versions are registered in)."""
    client = MlflowClient()
    experiment = mlflow.set_experiment(spec.name)
    done = _existing(client, experiment.experiment_id)
    grid = list(candidates(data.classification))[:RUNS_PER_EXPERIMENT]
    with warnings.catch_warnings():
        # The schema's hint that an integer column (the class) cannot hold missing values: true, not news.
        warnings.simplefilter("ignore")
        dataset = mlflow.data.from_pandas(data.frame, name=data.name, targets="target")
    started = time.monotonic()
    made = 0
    for index, (params, estimator) in enumerate(grid):
        if index in done:
            continue
        _, metrics = _train_one(data, estimator)
        with mlflow.start_run(run_name=f"{params['family']}-{index:02d}", tags={INDEX_TAG: str(index)}) as run:
            mlflow.log_input(dataset, context="training")
            client.log_batch(run.info.run_id, metrics=metrics, params=[Param(k, str(v)) for k, v in params.items()])
        made += 1
    if made:
        took = time.monotonic() - started
        log(f"experiment {spec.project}/{spec.name}: {made} runs trained on {data.name} in {took:.1f}s")
    else:
        log(f"experiment {spec.project}/{spec.name}: its {len(done)} runs exist, skipped")
    done = _existing(client, experiment.experiment_id)
    best = sorted(done.values(), key=lambda r: (r.score, -r.index))[-VERSIONS_PER_MODEL:]
    return [_with_model(client, data, grid, run) for run in best]


def _with_model(client: MlflowClient, data: Dataset, grid: list[Any], run: RunSummary) -> RunSummary:
    """Logs the run's model (refitted on the whole training set) unless it has one already."""
    if run.model_uri:
        return run
    params, estimator = grid[run.index]
    model = clone(estimator).fit(data.x_train, data.y_train)
    example = data.x_train.head(3)
    with warnings.catch_warnings():
        # The same hint, for the signature's integer output.
        warnings.simplefilter("ignore")
        signature = infer_signature(example, model.predict(example))
        with mlflow.start_run(run_id=run.run_id):
            info = mlflow.sklearn.log_model(
                model,
                name="model",
                signature=signature,
                input_example=example,
                # Named, not inferred: inferring the requirements imports and inspects the whole environment.
                pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
                skops_trusted_types=TRUSTED,
            )
    client.set_tag(run.run_id, MODEL_TAG, info.model_uri)
    return RunSummary(run.run_id, run.index, run.score, info.model_uri)
