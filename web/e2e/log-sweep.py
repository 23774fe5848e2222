"""Logs a hyper-parameter sweep with the stock mlflow client (MLFLOW_TRACKING_URI / _TOKEN from the
environment): RUNS trials, each with METRICS curves of STEPS steps and a final test_auc logged once,
and a cross-validation parent with three nested folds. Used by experiments-flow.test.mjs (a small
sweep) and for the chart-view measurement (500 x 10 x 1,000). Prints {"runs": n, "parent": id}.

usage: log-sweep.py EXPERIMENT RUNS METRICS STEPS [THREADS]
"""

import json
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import mlflow
from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

experiment_name, runs, metrics, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 1
client = MlflowClient()
experiment_id = mlflow.set_experiment(experiment_name).experiment_id
now = int(time.time() * 1000)


def trial(i: int) -> None:
    lr = [0.3, 0.1, 0.03, 0.01][i % 4]
    depth = 2 + (i // 4) % 8
    run = client.create_run(experiment_id, run_name=f"trial-{i:03d}", tags={"sweep": "grid", "mlflow.source.name": "sweep.py"})
    rid = run.info.run_id
    client.log_batch(rid, params=[Param("learning_rate", str(lr)), Param("max_depth", str(depth)), Param("seed", "7")])
    names = ["train_loss", "val_loss", "val_auc"] + [f"extra_{k}" for k in range(max(0, metrics - 3))]
    points = []
    for s in range(steps):
        t = now + i * 10 + s * 100
        decay = math.exp(-s * lr * depth / max(steps, 1) / 2)
        for k, name in enumerate(names[:metrics]):
            value = (0.5 + 0.5 * decay if "auc" not in name else 0.95 - 0.3 * decay) + 0.01 * math.sin(s / 5 + k + i)
            points.append(Metric(name, value, t, s))
        if len(points) >= 1000 - metrics:
            client.log_batch(rid, metrics=points)
            points = []
    if points:
        client.log_batch(rid, metrics=points)
    client.log_batch(rid, metrics=[Metric("test_auc", 0.7 + 0.02 * depth + (0.05 if lr == 0.03 else 0), now, 0)])
    client.set_terminated(rid)


with ThreadPoolExecutor(max_workers=threads) as pool:
    list(pool.map(trial, range(runs)))

# Cross-validation: a parent run and three folds nested under it, as mlflow.start_run(nested=True) makes them.
with mlflow.start_run(run_name="cv-parent") as parent:
    mlflow.log_param("folds", "3")
    for fold in range(3):
        with mlflow.start_run(run_name=f"cv-fold-{fold}", nested=True):
            mlflow.log_param("fold", str(fold))
            mlflow.log_metric("fold_auc", 0.8 + fold / 100)
print(json.dumps({"runs": runs, "parent": parent.info.run_id}))
