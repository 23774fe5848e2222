"""Monitors of deployments and of models served elsewhere."""

from __future__ import annotations

import dataclasses
from typing import Any

from ._base import ApiModel, json_name

_MONITOR = "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}"


@dataclasses.dataclass(frozen=True)
class MonitorReference(ApiModel):
    """The data drift is judged against: where it came from, its size and each feature's kind."""

    __schema__ = "MonitorReference"

    source: str | None = None
    rows: int | None = None
    created_at: int | None = None
    features: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Monitor(ApiModel):
    """A monitor: of a deployment (``deployment_id``) or of records sent by API (``deployment_id`` None)."""

    __schema__ = "Monitor"

    id: str
    name: str
    deployment_id: str | None
    config: dict[str, Any]
    reference: MonitorReference | None
    created_by: str
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class RecordsReceipt(ApiModel):
    """What a batch of records did: received, newly stored, and skipped as already stored (same id)."""

    __schema__ = ("post", _MONITOR + "/records", "200")

    received: int
    stored: int
    duplicates: int


@dataclasses.dataclass(frozen=True)
class LabelsReceipt(ApiModel):
    """Labels stored, and how many of them name a record that exists."""

    __schema__ = ("post", _MONITOR + "/labels", "200")

    received: int
    matched: int


@dataclasses.dataclass(frozen=True)
class MonitorReport(ApiModel):
    """A report over a range (ms since the epoch); bucketed reports have ``resolution`` (s) and ``buckets``.

    The report's other parts (per-feature drift, totals) are in :attr:`raw`.
    """

    __schema__ = "MonitorReport"

    start: int | None = dataclasses.field(default=None, metadata=json_name("from"))
    end: int | None = dataclasses.field(default=None, metadata=json_name("to"))
    resolution: int | None = None
    buckets: list[dict[str, Any]] = dataclasses.field(default_factory=list)
