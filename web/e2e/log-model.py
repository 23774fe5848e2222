"""Trains a tiny scikit-learn model on two numeric columns and registers it with the stock mlflow
client (MLFLOW_TRACKING_URI / _TOKEN from the environment), as a user would. Used by
deployments-flow.test.mjs; prints {"version": n, "row": {...}, "prediction": p} as JSON: the model's
own prediction for the row the flow then sends through the deployment."""

import json
import sys

import mlflow
import numpy as np
import pandas as pd
from mlflow.models import infer_signature
from sklearn.linear_model import LogisticRegression

name = sys.argv[1]
rng = np.random.default_rng(7)
X = pd.DataFrame({"tenure": rng.integers(1, 72, 200).astype("float64"), "charges": rng.uniform(20, 120, 200)})
y = (X["charges"] / X["tenure"] > 2).astype("int64")
model = LogisticRegression().fit(X, y)

mlflow.set_experiment("churn-serving")
with mlflow.start_run():
    info = mlflow.sklearn.log_model(model, name="model", signature=infer_signature(X, model.predict(X)), registered_model_name=name)

row = {"tenure": 3.0, "charges": 99.5}
prediction = model.predict(pd.DataFrame([row]))[0].item()
print(json.dumps({"version": int(info.registered_model_version), "row": row, "prediction": prediction}))
