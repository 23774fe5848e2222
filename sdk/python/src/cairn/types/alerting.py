"""Alerting: rules, the alerts they open, channels, the notification policy and silences."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ._base import ApiModel, json_name

_PROJECT = "/api/v1/orgs/{org}/projects/{project}"


@dataclasses.dataclass(frozen=True)
class AlertRule(ApiModel):
    """A rule on a monitor's series (``monitor``) or on an experiment's runs (``experiment``), with its
    evaluation ``status`` (health, last value, last error) and its open ``alert``, if any."""

    __schema__ = "AlertRule"

    id: str
    name: str
    enabled: bool
    severity: str
    series: str
    window_seconds: int
    condition: dict[str, Any]
    interval_seconds: int
    for_seconds: int
    keep_firing_seconds: int
    labels: dict[str, str]
    annotations: dict[str, str]
    actions: dict[str, Any]
    status: dict[str, Any]
    alert: dict[str, Any] | None
    created_by: str
    created_at: int
    updated_at: int
    monitor: str | None = None
    experiment: str | None = None
    aggregate: str | None = None


@dataclasses.dataclass(frozen=True)
class AlertRuleTemplate(ApiModel):
    """A one-click rule: ``rule`` is a body without name and without its monitor or experiment (``target``)."""

    __schema__ = "AlertRuleTemplate"

    id: str
    title: str
    description: str
    target: str
    rule: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class AlertPreview(ApiModel):
    """A rule's series over the last hours (``points``: [at, value or None]) and when it would have fired."""

    __schema__ = ("post", _PROJECT + "/alert-rules/preview", "200")

    start: int = dataclasses.field(metadata=json_name("from"))
    end: int = dataclasses.field(metadata=json_name("to"))
    step_ms: int
    series: str
    condition: dict[str, Any]
    points: list[list[Any]]
    firing: list[dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class Alert(ApiModel):
    """An alert of a rule: pending, firing or resolved; ``acknowledged`` is {by, at, note} or None."""

    __schema__ = "Alert"

    id: str
    rule: dict[str, Any]
    state: str
    severity: str
    labels: dict[str, str]
    annotations: dict[str, str]
    value: float | None
    active_since: int
    fired_at: int | None
    resolved_at: int | None
    acknowledged: dict[str, Any] | None
    silenced_by: str | None


@dataclasses.dataclass(frozen=True)
class AlertDetail(Alert):
    """An alert with its timeline (transitions, notifications, escalations, actions) and deliveries."""

    __schema__ = "AlertDetail"

    timeline: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    notifications: list[dict[str, Any]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class AlertList(ApiModel):
    """A page of the inbox, newest first, and the project's counts by state."""

    __schema__ = ("get", _PROJECT + "/alerts", "200")

    alerts: list[Alert]
    counts: dict[str, int]

    def __iter__(self) -> Iterator[Alert]:
        return iter(self.alerts)

    def __len__(self) -> int:
        return len(self.alerts)


@dataclasses.dataclass(frozen=True)
class BulkAlertResults(ApiModel):
    """One result per id of a bulk action, in the order sent: ``{id, ok, error, silence?}``."""

    __schema__ = ("post", _PROJECT + "/alerts/bulk", "200")

    results: list[dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class AlertAnalytics(ApiModel):
    """Alerts per rule, per deployment and per day over [start, end), mean times to acknowledge and resolve,
    and the noisiest rules."""

    __schema__ = "AlertAnalytics"

    start: int = dataclasses.field(metadata=json_name("from"))
    end: int = dataclasses.field(metadata=json_name("to"))
    fired: int
    by_rule: list[dict[str, Any]]
    by_deployment: list[dict[str, Any]]
    by_day: list[dict[str, Any]]
    noisiest: list[dict[str, Any]]
    mean_time_to_acknowledge_seconds: float | None = None
    mean_time_to_resolve_seconds: float | None = None


@dataclasses.dataclass(frozen=True)
class AlertChannel(ApiModel):
    """Where alerts go (email, slack, webhook, pagerduty). Secret config fields read ``"***"``."""

    __schema__ = "AlertChannel"

    id: str
    name: str
    kind: str
    config: dict[str, Any]
    destination: str
    send_resolved: bool
    created_by: str
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class ChannelTestResult(ApiModel):
    """How a test notification went (sent now, logged, never retried)."""

    __schema__ = ("post", _PROJECT + "/alert-channels/{channel}/test", "200")

    notification: str
    delivered: bool
    status_code: int
    error: str | None
    duration_ms: float


@dataclasses.dataclass(frozen=True)
class NotificationPolicy(ApiModel):
    """The routing tree: routes with matchers, channels, grouping timers and escalation levels."""

    __schema__ = "NotificationPolicy"

    routes: list[dict[str, Any]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Silence(ApiModel):
    """Alerts whose labels match ``matchers`` stay quiet from ``starts_at`` to ``ends_at``."""

    __schema__ = "Silence"

    id: str
    matchers: list[dict[str, Any]]
    starts_at: int
    ends_at: int
    comment: str
    created_by: str
    created_at: int
    state: str


@dataclasses.dataclass(frozen=True)
class AlertNotification(ApiModel):
    """One notification of the outbox with its delivery log (each attempt's status code and error)."""

    __schema__ = "AlertNotification"

    id: str
    channel: str
    kind: str
    reason: str
    group_key: str
    status: str
    attempts: int
    created_at: int
    log: list[dict[str, Any]]
    last_error: str | None = None
    delivered_at: int | None = None
    event: str | None = None
    alert_ids: list[str] = dataclasses.field(default_factory=list)
