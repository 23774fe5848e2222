"""The order of the demo's steps: a key, the projects, training and registry per experiment, then
the deployment, its monitor and alert rule, and the traffic."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from ..client import Cairn
from ..errors import NotFoundError
from . import datasets, serving, signin, traffic
from .config import DEMO_EMAIL, DEPLOYED, EXPERIMENTS, ORG, PROJECTS, Schedule


def log(message: str) -> None:
    print(f"[demo] {message}", file=sys.stderr, flush=True)


def _quiet_mlflow() -> None:
    # The demo stays on loopback: no usage telemetry from MLflow, no retries that hide a failure.
    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    os.environ["DO_NOT_TRACK"] = "true"
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
    # A few lines of our own instead of MLflow's link per run and per version.
    os.environ["MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"] = "true"
    os.environ["MLFLOW_PRINT_MODEL_URLS_ON_CREATION"] = "false"
    os.environ.pop("MLFLOW_EXPERIMENT_ID", None)
    os.environ.pop("MLFLOW_EXPERIMENT_NAME", None)
    os.environ.pop("MLFLOW_REGISTRY_URI", None)


def ensure_projects(client: Cairn) -> None:
    for spec in PROJECTS:
        try:
            client.projects.get(spec.slug)
        except NotFoundError:
            client.projects.create(name=spec.name, slug=spec.slug, description=spec.description, visibility="org")
            log(f"project {ORG}/{spec.slug}: created")


def train_and_register(url: str) -> None:
    import mlflow  # late: `cairn demo --help` should not pay for importing MLflow

    # After the import, which sets up MLflow's own logger: its INFO lines would bury ours.
    logging.getLogger("mlflow").setLevel(logging.WARNING)

    from . import registry, training

    for spec in EXPERIMENTS:
        mlflow.set_tracking_uri(f"{url}/p/{ORG}/{spec.project}")
        data = datasets.load(spec.dataset)
        best = training.train_experiment(spec, data, log)
        registry.register(spec.model, best, f"The best runs of {spec.name}, on sklearn's {spec.dataset} dataset.", log)


def seed(url: str, password: str, schedule: Schedule, *, email: str = DEMO_EMAIL, traffic_on: bool = True) -> None:
    started = time.monotonic()
    url = url.rstrip("/")
    _quiet_mlflow()
    key = signin.demo_key(url, email, password)
    os.environ["MLFLOW_TRACKING_TOKEN"] = key
    with Cairn(url=url, api_key=key, org=ORG) as client:
        ensure_projects(client)
        train_and_register(url)
        serving.deploy(client, log)
        deployed = datasets.load(DEPLOYED.dataset)
        serving.monitor(client, deployed, log)
        serving.alert_rule(client, log, schedule.rule_interval_seconds)
        log(f"content ready in {time.monotonic() - started:.1f}s: {url} (sign in as {email}, organization {ORG})")
        if traffic_on:
            traffic.run(client, deployed.x_train, schedule, log)
