"""Writes the XGBoost model directories the xgboost runtime's tests load, and what MLflow's own
pyfunc predicts for them (expected.json beside each MLmodel).

    /work/main/.venv/bin/python server/tests/runtime/xgboost/data/make_models.py

Needs the Python xgboost of tests/requirements.txt (3.2): scikit-learn >= 1.8 needs xgboost >= 3.1
for the sklearn API, and xgboost >= 3.1 writes base_score as a vector that Debian's libxgboost
1.7.4 misreads, so every fixture here exercises the runtime's rewriting
(server/src/runtime/xgboost/model_file.hpp).
"""

import json
import shutil
from pathlib import Path

import mlflow.pyfunc
import mlflow.xgboost
import numpy as np
import pandas as pd
import xgboost as xgb
from mlflow.models import infer_signature

HERE = Path(__file__).resolve().parent
FEATURES = ["age", "income", "score", "tenure"]


def training_data(n=300, seed=7):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(FEATURES)))
    x[rng.random(size=x.shape) < 0.05] = np.nan  # trees learn a default direction for missing values
    return pd.DataFrame(x, columns=FEATURES)


def fixed_input():
    """Eight rows the tests send: ordinary values, a row with missing values, extremes."""
    rows = [
        [0.1, -0.2, 0.3, 1.5],
        [1.2, 0.7, -1.1, 0.0],
        [-1.5, 2.0, 0.4, -0.3],
        [np.nan, 0.5, np.nan, 0.2],
        [0.0, 0.0, 0.0, 0.0],
        [3.0, -3.0, 2.5, -2.5],
        [-0.7, -0.9, 1.9, 0.8],
        [0.45, 1.3, -0.25, -1.75],
    ]
    return pd.DataFrame(rows, columns=FEATURES)


def answer(predicted):
    assert isinstance(predicted, np.ndarray), type(predicted)
    return {"dtype": str(predicted.dtype), "shape": list(predicted.shape), "predictions": predicted.tolist()}


def save(name, model, x_train, model_format, params=None, param_cases=()):
    """Saves `model` with MLflow; `params` (name -> default) become the signature's params schema,
    and each of `param_cases` is predicted too (expected.json "with_params")."""
    path = HERE / name
    shutil.rmtree(path, ignore_errors=True)
    loaded_for_signature = model.predict(x_train if not isinstance(model, xgb.Booster) else xgb.DMatrix(x_train))
    signature = infer_signature(x_train, loaded_for_signature, params=params)
    mlflow.xgboost.save_model(model, str(path), model_format=model_format, signature=signature)
    # Only MLmodel and the model file are needed; the environment files only add churn.
    for extra in ("conda.yaml", "python_env.yaml", "requirements.txt"):
        (path / extra).unlink(missing_ok=True)

    x = fixed_input()
    pyfunc = mlflow.pyfunc.load_model(str(path))
    predicted = pyfunc.predict(x)
    expected = {
        "columns": FEATURES,
        "rows": [[None if np.isnan(v) else float(v) for v in row] for row in x.to_numpy()],
        **answer(predicted),
    }
    if param_cases:
        expected["with_params"] = [{"params": p, **answer(pyfunc.predict(x, params=p))} for p in param_cases]
    (path / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{name}: {type(model).__name__} {predicted.dtype} {predicted.shape}")


def main():
    x = training_data()
    signal = x["age"].fillna(0) + 0.5 * x["income"].fillna(0) - 0.3 * x["score"].fillna(0)

    # The sklearn API, binary: predict gives class labels (int64).
    y_binary = (signal > 0).astype(int)
    classifier = xgb.XGBClassifier(n_estimators=20, max_depth=3, learning_rate=0.3)
    classifier.fit(x, y_binary)
    # output_margin (declared in the signature's params) gives the margins instead of labels.
    save("classifier", classifier, x, "ubj", params={"output_margin": False}, param_cases=[{"output_margin": True}])

    # The sklearn API, regression, stopped early: predict uses the trees up to best_iteration.
    y_reg = 2.0 * signal + 0.1 * np.random.default_rng(1).normal(size=len(x))
    regressor = xgb.XGBRegressor(n_estimators=400, max_depth=4, learning_rate=0.3, early_stopping_rounds=5)
    regressor.fit(x[:200], y_reg[:200], eval_set=[(x[200:], y_reg[200:])], verbose=False)
    assert regressor.best_iteration + 1 < regressor.get_booster().num_boosted_rounds(), "did not stop early"
    save(
        "regressor",
        regressor,
        x,
        "json",
        params={"iteration_range": [0, 0]},
        param_cases=[{"iteration_range": [0, 3]}, {"iteration_range": [1, 4]}],
    )

    # A native Booster, binary:logistic, trained on a plain matrix: it has no feature names, so the
    # signature's column order is the feature order. Saved as MLflow's old default, model.xgb.
    booster = xgb.train(
        {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3},
        xgb.DMatrix(x.to_numpy(), label=y_binary.to_numpy()),
        num_boost_round=15,
    )
    assert booster.feature_names is None
    save("booster_binary", booster, x, "xgb", params={"output_margin": False}, param_cases=[{"output_margin": True}])

    # A native Booster, multi:softprob over three classes, with feature names: a (rows, 3) matrix.
    y_multi = np.digitize(signal, [-0.5, 0.5])
    softprob = xgb.train(
        {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3},
        xgb.DMatrix(x, label=y_multi),
        num_boost_round=10,
    )
    save("multiclass", softprob, x, "ubj")


if __name__ == "__main__":
    main()
