"""Deployments, their environments, logs and predictions."""

from __future__ import annotations

import dataclasses
from typing import Any

from ._base import ApiModel


@dataclasses.dataclass(frozen=True)
class Environment(ApiModel):
    """A deployment environment of a project; its tier decides who may deploy into it."""

    __schema__ = "Environment"

    name: str
    tier: str
    description: str
    deployment_count: int
    created_at: int


@dataclasses.dataclass(frozen=True)
class DeploymentSource(ApiModel):
    """The registered model a deployment serves, with one of a fixed version, an alias or a stage it follows."""

    __schema__ = "DeploymentSource"

    model: str
    version: int | None = None
    alias: str | None = None
    stage: str | None = None


@dataclasses.dataclass(frozen=True)
class WorkerStatus(ApiModel):
    """One runtime worker of a local deployment."""

    __schema__ = "WorkerStatus"

    index: int
    pid: int | None
    state: str
    restarts: int
    started_at: int | None
    reason: str


@dataclasses.dataclass(frozen=True)
class DeploymentStatus(ApiModel):
    """pending -> starting -> healthy | degraded | failed -> stopping -> stopped; ``reason`` says what to act on."""

    __schema__ = "DeploymentStatus"

    state: str
    reason: str
    since: int
    workers: list[WorkerStatus]


@dataclasses.dataclass(frozen=True)
class Deployment(ApiModel):
    """A deployment of a registered model version, with its configuration, traffic and status."""

    __schema__ = "Deployment"

    id: str
    name: str
    environment: str
    endpoint_name: str
    target: str
    source: DeploymentSource
    model_version: int
    revision: int
    config: dict[str, Any]
    traffic: dict[str, Any]
    status: DeploymentStatus
    urls: dict[str, str]
    created_by: str
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class LogLine(ApiModel):
    """A line a deployment's worker wrote on stdout or stderr."""

    __schema__ = "LogLine"

    at: int
    worker: int
    stream: str
    line: str


@dataclasses.dataclass(frozen=True)
class Prediction(ApiModel):
    """A deployment's answer: the predictions as ``mlflow models serve`` gives them, and which revision answered.

    ``revision``, ``cache`` and ``request_id`` come from the answer's headers (``X-Cairn-Revision``,
    ``X-Cairn-Cache``, ``X-Request-Id``).
    """

    __schema__ = "ScoringResponse"
    __headers__ = ("revision", "cache", "request_id")

    predictions: Any
    revision: int | None = None
    cache: str | None = None
    request_id: str | None = None
