"""The live part: the champion deployed locally, its monitor judging drift against the training
set over a short window, and an alert rule that fires on dataset drift. Each is made only if absent."""

from __future__ import annotations

from typing import Any

from ..client import Cairn
from ..errors import NotFoundError
from .config import ALERT_RULE, DEPLOYED, DEPLOYMENT
from .datasets import Dataset

# Judge the last 5 minutes every minute (the defaults, 60 and 5, would take a while to show drift).
MONITOR_CONFIG = {"window_minutes": 5, "evaluation_minutes": 1, "task": "classification"}


def deploy(client: Cairn, log: Any, timeout: float = 90.0) -> None:
    project = DEPLOYED.project
    try:
        existing = client.deployments.get(DEPLOYMENT, project=project)
        if existing.status.state == "stopped":  # someone stopped it: the demo serves again
            client.deployments.start(DEPLOYMENT, project=project)
            log(f"deployment {project}/{DEPLOYMENT}: was stopped, started")
        else:
            log(f"deployment {project}/{DEPLOYMENT}: exists, skipped")
    except NotFoundError:
        client.deployments.create(name=DEPLOYMENT, model=DEPLOYED.model, alias="champion", project=project)
        log(f"deployment {project}/{DEPLOYMENT}: {DEPLOYED.model}@champion deploying")
    ready = client.deployments.wait(DEPLOYMENT, timeout=timeout, project=project)
    log(f"deployment {project}/{DEPLOYMENT}: healthy, serving v{ready.model_version}")


def monitor(client: Cairn, data: Dataset, log: Any) -> None:
    """The deployment's monitor, with the training features as its reference."""
    project = DEPLOYED.project
    path = f"{client.projects._project_path(project, None)}/deployments/{DEPLOYMENT}/monitor"
    current = client._transport.json("GET", path)
    name = current["name"]
    if any(current["config"].get(k) != v for k, v in MONITOR_CONFIG.items()):
        monitor_path = f"{client.projects._project_path(project, None)}/monitors/{name}"
        client._transport.json("PATCH", monitor_path, json={"config": MONITOR_CONFIG})
    if current.get("reference"):
        log(f"monitor {project}/{name}: has its reference, skipped")
        return
    client.monitors.set_reference(name, records=data.x_train, project=project)
    log(f"monitor {project}/{name}: reference set ({len(data.x_train)} training rows)")


def alert_rule(client: Cairn, log: Any, interval_seconds: int) -> None:
    project = DEPLOYED.project
    if any(rule.name == ALERT_RULE for rule in client.alerts.rules.list(project=project)):
        log(f"alert rule {project}/{ALERT_RULE}: exists, skipped")
        return
    client.alerts.rules.create(
        name=ALERT_RULE,
        template="dataset_drift",
        monitor=DEPLOYMENT,
        window_seconds=300,
        interval_seconds=interval_seconds,
        for_seconds=0,
        project=project,
    )
    log(f"alert rule {project}/{ALERT_RULE}: fires when most features drift")
