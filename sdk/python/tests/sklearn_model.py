"""A small scikit-learn model saved by mlflow, for the tests that deploy one."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
FEATURES = ["f0", "f1", "f2"]


def sample_frame(rows: int = 60, seed: int = 3):
    import pandas as pd

    return pd.DataFrame(np.random.default_rng(seed).normal(size=(rows, len(FEATURES))), columns=FEATURES)


def save_sklearn_model(path: Path, frame) -> Path:
    """A logistic regression answering 1 when f0 > 0, saved as an MLflow model directory at `path`."""
    import mlflow.sklearn
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit(frame, (frame["f0"] > 0).astype(int))
    # Requirements given, not inferred: inferring them loads the model in a subprocess (seconds).
    mlflow.sklearn.save_model(
        model,
        path,
        signature=infer_signature(frame, model.predict(frame)),
        serialization_format="cloudpickle",
        pip_requirements=["scikit-learn", "cloudpickle"],
    )
    return path
