"""Registered models through the stock MLflow client: a version per best run (worst first, so the
best is the newest), stages (archived, staging, production) and the aliases champion and challenger."""

from __future__ import annotations

import contextlib
import io
import warnings
from typing import Any

import mlflow
from mlflow import MlflowClient

from .training import RunSummary

STAGES = ("Archived", "Staging", "Production")  # of the versions, oldest first
ALIASES = {"challenger": -2, "champion": -1}  # alias -> position among the versions


def register(name: str, best: list[RunSummary], description: str, log: Any) -> None:
    client = MlflowClient()
    if not client.search_registered_models(filter_string=f"name='{name}'"):
        client.create_registered_model(name, description=description, tags={"demo": "true"})
    versions = {v.run_id: v for v in client.search_model_versions(f"name='{name}'")}
    added = 0
    for run in best:
        if run.run_id not in versions and run.model_uri:
            # register_model prints two lines per version to stderr; the demo logs one per model.
            with contextlib.redirect_stderr(io.StringIO()):
                versions[run.run_id] = mlflow.register_model(run.model_uri, name, tags={"demo.index": str(run.index)})
            added += 1
    ordered = [versions[r.run_id] for r in best if r.run_id in versions]
    with warnings.catch_warnings():
        # Stages are deprecated in MLflow since 2.9, still served by Cairn and still used.
        warnings.simplefilter("ignore")
        for version, stage in zip(ordered, STAGES[-len(ordered) :]):
            current = client.get_model_version(name, version.version)
            if current.current_stage != stage:
                client.transition_model_version_stage(name, version.version, stage)
    aliases = client.get_registered_model(name).aliases
    for alias, position in ALIASES.items():
        if len(ordered) >= -position and alias not in aliases:
            client.set_registered_model_alias(name, alias, ordered[position].version)
    if added:
        log(f"model {name}: {added} versions registered, stages set, @champion is v{ordered[-1].version}")
    else:
        log(f"model {name}: its {len(ordered)} versions exist, skipped")
