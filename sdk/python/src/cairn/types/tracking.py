"""Experiments and runs."""

from __future__ import annotations

import dataclasses
from typing import Any

from ._base import ApiModel


@dataclasses.dataclass(frozen=True)
class Experiment(ApiModel):
    """An experiment of a project (numeric string ids, as MLflow's)."""

    __schema__ = "Experiment"

    id: str
    org_id: str
    project_id: str
    name: str
    description: str
    artifact_location: str
    lifecycle_stage: str
    tags: dict[str, str]
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class LatestMetric(ApiModel):
    """The latest point of a metric: highest step, then timestamp."""

    __schema__ = "LatestMetric"

    value: float | str
    step: int
    timestamp: int


@dataclasses.dataclass(frozen=True)
class Run(ApiModel):
    """A run with its params, tags, latest metrics and dataset inputs. Times are ms since the epoch."""

    __schema__ = "Run"

    id: str
    experiment_id: str
    project_id: str
    name: str
    status: str
    start_time: int
    end_time: int | None
    lifecycle_stage: str
    user_id: str
    created_by: str
    artifact_uri: str
    parent_run_id: str | None
    notes: str
    params: dict[str, str]
    tags: dict[str, str]
    metrics: dict[str, LatestMetric]
    inputs: list[dict[str, Any]]
