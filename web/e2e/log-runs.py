"""Logs two runs with the stock mlflow client, as a user would (MLFLOW_TRACKING_URI / _TOKEN from
the environment). Used by experiments-flow.test.mjs; prints the run ids as JSON."""

import base64
import json
import math
import os
import sys
import tempfile

import mlflow
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient

# A 2x2 PNG, so the artifact browser has an image to preview without numpy or Pillow.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAANHQEDhWw9+QAAAABJRU5ErkJggg=="
)

experiment, steps = sys.argv[1], int(sys.argv[2])
mlflow.set_experiment(experiment)
client = MlflowClient()
ids = []
for depth, lr in ((6, 0.1), (8, 0.05)):
    with mlflow.start_run(run_name=f"xgb-depth-{depth}") as run:
        client.log_batch(run.info.run_id, params=[Param("max_depth", str(depth)), Param("learning_rate", str(lr)), Param("seed", "7")])
        # A long, noisy curve in batches of 1000 (MLflow's limit per call).
        for start in range(0, steps, 1000):
            points = []
            for s in range(start, min(start + 1000, steps)):
                loss = 1 / (1 + s * lr / 50) + 0.02 * math.sin(s / 7)
                points.append(Metric("train_loss", loss, 0, s))
                if s % 100 == 0:
                    points.append(Metric("val_auc", 0.7 + 0.25 * (1 - math.exp(-s * lr / 500)), 0, s))
            client.log_batch(run.info.run_id, metrics=points)
        # A final score, logged once: the most common kind of metric.
        mlflow.log_metric("test_auc", 0.85 + depth / 100)
        mlflow.set_tag("team", "growth")
        mlflow.log_dict({"depth": depth, "features": ["tenure", "plan"]}, "reports/summary.json")
        mlflow.log_text("step,loss\n0,0.69\n1,0.51\n2,0.40\n", "reports/curve.csv")
        mlflow.log_text("<script>alert('never rendered')</script>", "reports/page.html")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "confusion.png")
            with open(path, "wb") as f:
                f.write(PNG)
            mlflow.log_artifact(path, "plots")
        if depth == 8:
            # An image only this run has: the compare page shows a placeholder for the other run.
            svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="teal"/></svg>'
            mlflow.log_text(svg, "plots/roc.svg")
        ids.append(run.info.run_id)
print(json.dumps(ids))
