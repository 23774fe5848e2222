"""``client.alerts``: the alert inbox, and (``.rules``, ``.channels``, ``.policy``, ``.silences``) what
opens alerts and where they go."""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import httpx

from ..errors import NotFoundError
from ..scope import segment
from ..types import (
    AlertAnalytics,
    AlertChannel,
    AlertDetail,
    AlertList,
    AlertNotification,
    AlertPreview,
    AlertRule,
    AlertRuleTemplate,
    BulkAlertResults,
    ChannelTestResult,
    NotificationPolicy,
    Silence,
)
from ._base import Resource

BULK_ACTIONS = ("acknowledge", "resolve", "silence")

# `name=value`, `name!=value`, `name=~regex`, `name!~regex`: Alertmanager's matcher syntax (amtool's).
_MATCHER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$")


def parse_matcher(matcher: str | Mapping[str, Any]) -> dict[str, Any]:
    """A label matcher as the API takes it, from ``{"name", "op", "value"}`` or ``"name=~value"``."""
    if isinstance(matcher, Mapping):
        return dict(matcher)
    m = _MATCHER.match(matcher)
    if not m:
        raise ValueError(f"matcher {matcher!r}: expected name=value, name!=value, name=~regex or name!~regex")
    name, op, value = m.groups()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return {"name": name, "op": op, "value": value}


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in fields.items() if v is not None}


class _ProjectResource(Resource):
    _collection = ""

    def _base(self, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/{self._collection}"

    def _item(self, ref: str, project: str | None, org: str | None, what: str) -> str:
        return f"{self._base(project, org)}/{segment(ref, what=what)}"


class AlertRules(_ProjectResource):
    """``client.alerts.rules``: rules on a monitor's series or an experiment's runs."""

    _collection = "alert-rules"

    def list(self, *, project: str | None = None, org: str | None = None) -> builtins.list[AlertRule]:
        """The project's rules by name, each with its evaluation state and open alert."""
        body = self._transport.json("GET", self._base(project, org))
        return [AlertRule.from_json(r) for r in body["rules"]]

    def get(self, rule: str, *, project: str | None = None, org: str | None = None) -> AlertRule:
        """A rule by name or id."""
        return AlertRule.from_json(self._transport.json("GET", self._item(rule, project, org, "rule")))

    def templates(self, *, project: str | None = None, org: str | None = None) -> builtins.list[AlertRuleTemplate]:
        """One-click rules for the common cases (latency, errors, no traffic, drift, accuracy, ...)."""
        body = self._transport.json("GET", self._project_path(project, org) + "/alert-rule-templates")
        return [AlertRuleTemplate.from_json(t) for t in body["templates"]]

    def create(
        self,
        *,
        name: str,
        series: str | None = None,
        condition: Mapping[str, Any] | None = None,
        monitor: str | None = None,
        experiment: str | None = None,
        template: str | None = None,
        severity: str | None = None,
        aggregate: str | None = None,
        window_seconds: int | None = None,
        interval_seconds: int | None = None,
        for_seconds: int | None = None,
        keep_firing_seconds: int | None = None,
        labels: Mapping[str, str] | None = None,
        annotations: Mapping[str, str] | None = None,
        actions: Mapping[str, Any] | None = None,
        enabled: bool | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertRule:
        """A rule watching ``monitor`` (a deployment's monitor has its name) or ``experiment``.

        ``template`` (an id of :meth:`templates`, e.g. ``"no_traffic"``) starts from that template's
        body; the other arguments override it.

        >>> client.alerts.rules.create(name="slow", monitor="churn", series="latency_p99_ms",
        ...     condition={"type": "threshold", "op": ">", "value": 250}, for_seconds=300)
        """
        body: dict[str, Any] = {}
        if template is not None:
            found = [t for t in self.templates(project=project, org=org) if t.id == template]
            if not found:
                raise ValueError(f"no alert rule template {template!r}")
            body.update(found[0].rule)
        body.update(
            _clean(
                {
                    "name": name,
                    "series": series,
                    "condition": condition,
                    "monitor": monitor,
                    "experiment": experiment,
                    "severity": severity,
                    "aggregate": aggregate,
                    "window_seconds": window_seconds,
                    "interval_seconds": interval_seconds,
                    "for_seconds": for_seconds,
                    "keep_firing_seconds": keep_firing_seconds,
                    "labels": labels,
                    "annotations": annotations,
                    "actions": actions,
                    "enabled": enabled,
                }
            )
        )
        return AlertRule.from_json(self._transport.json("POST", self._base(project, org), json=body))

    def update(
        self, rule: str, *, project: str | None = None, org: str | None = None, **fields: Any
    ) -> AlertRule:
        """Changes the given fields (any of :meth:`create`'s); effective at the next evaluation.
        ``enabled=False`` resolves the rule's alert."""
        body = _clean(fields)
        if not body:
            raise ValueError("nothing to change: pass at least one field")
        return AlertRule.from_json(self._transport.json("PATCH", self._item(rule, project, org, "rule"), json=body))

    def delete(self, rule: str, *, project: str | None = None, org: str | None = None) -> None:
        """Deletes the rule and its alerts."""
        self._transport.json("DELETE", self._item(rule, project, org, "rule"))

    def preview(
        self,
        *,
        rule: Mapping[str, Any],
        hours: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertPreview:
        """The series of a rule body (as :meth:`create` takes) over the last ``hours`` (default 6), and when
        it would have fired."""
        body = _clean({"rule": dict(rule), "hours": hours})
        path = self._base(project, org) + "/preview"
        return AlertPreview.from_json(self._transport.json("POST", path, json=body))


class AlertChannels(_ProjectResource):
    """``client.alerts.channels``: email, Slack, webhook and PagerDuty destinations."""

    _collection = "alert-channels"

    def list(self, *, project: str | None = None, org: str | None = None) -> builtins.list[AlertChannel]:
        """Channels by name; secret config fields read ``"***"``."""
        body = self._transport.json("GET", self._base(project, org))
        return [AlertChannel.from_json(c) for c in body["channels"]]

    def get(self, channel: str, *, project: str | None = None, org: str | None = None) -> AlertChannel:
        """A channel by name or id (found in the list: the API has no read of one channel)."""
        for c in self.list(project=project, org=org):
            if channel in (c.name, c.id):
                return c
        raise NotFoundError(f"no alert channel {channel!r}", response=httpx.Response(404), code="not_found")

    def create(
        self,
        *,
        name: str,
        kind: str,
        config: Mapping[str, Any],
        send_resolved: bool | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertChannel:
        """A channel. ``config`` by ``kind``: email ``{"to": [...]}``; slack ``{"url"}``; webhook
        ``{"url", "hmac_secret"?, "headers"?}``; pagerduty ``{"routing_key", "url"?}``."""
        body = _clean({"name": name, "kind": kind, "config": config, "send_resolved": send_resolved})
        return AlertChannel.from_json(self._transport.json("POST", self._base(project, org), json=body))

    def update(
        self,
        channel: str,
        *,
        name: str | None = None,
        config: Mapping[str, Any] | None = None,
        send_resolved: bool | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertChannel:
        """Changes a channel; a secret left out of ``config`` or sent as ``"***"`` keeps its value."""
        body = _clean({"name": name, "config": config, "send_resolved": send_resolved})
        if not body:
            raise ValueError("nothing to change: pass name, config or send_resolved")
        path = self._item(channel, project, org, "channel")
        return AlertChannel.from_json(self._transport.json("PATCH", path, json=body))

    def delete(self, channel: str, *, project: str | None = None, org: str | None = None) -> None:
        """Deletes the channel and its pending notifications."""
        self._transport.json("DELETE", self._item(channel, project, org, "channel"))

    def test(self, channel: str, *, project: str | None = None, org: str | None = None) -> ChannelTestResult:
        """Sends a test notification now and answers how the delivery went."""
        path = self._item(channel, project, org, "channel") + "/test"
        return ChannelTestResult.from_json(self._transport.json("POST", path))


class NotificationPolicies(_ProjectResource):
    """``client.alerts.policy``: the project's routing tree."""

    _collection = "notification-policy"

    def get(self, *, project: str | None = None, org: str | None = None) -> NotificationPolicy:
        """The routes (none until a policy is set)."""
        return NotificationPolicy.from_json(self._transport.json("GET", self._base(project, org)))

    def put(
        self,
        *,
        routes: Sequence[Mapping[str, Any]],
        project: str | None = None,
        org: str | None = None,
    ) -> NotificationPolicy:
        """Replaces the routing tree; every channel it names must exist. Answers the policy as stored."""
        body = {"routes": [dict(r) for r in routes]}
        return NotificationPolicy.from_json(self._transport.json("PUT", self._base(project, org), json=body))


class Silences(_ProjectResource):
    """``client.alerts.silences``: label matchers that keep alerts quiet for a while."""

    _collection = "silences"

    def list(
        self, *, include_expired: bool = False, project: str | None = None, org: str | None = None
    ) -> builtins.list[Silence]:
        """Active and scheduled silences, newest first (and expired ones with ``include_expired``)."""
        params = {"include_expired": "true"} if include_expired else None
        body = self._transport.json("GET", self._base(project, org), params=params)
        return [Silence.from_json(s) for s in body["silences"]]

    def create(
        self,
        *,
        matchers: Iterable[str | Mapping[str, Any]],
        comment: str,
        duration_seconds: int | None = None,
        starts_at: int | None = None,
        ends_at: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Silence:
        """Silences the alerts whose labels match every matcher (``"alertname=~db-.*"`` or
        ``{"name", "op", "value"}``) for ``duration_seconds`` from now (or from ``starts_at``), or until
        ``ends_at`` (ms since the epoch); one of the two is required."""
        body = _clean(
            {
                "matchers": [parse_matcher(m) for m in matchers],
                "comment": comment,
                "duration_seconds": duration_seconds,
                "starts_at": starts_at,
                "ends_at": ends_at,
            }
        )
        return Silence.from_json(self._transport.json("POST", self._base(project, org), json=body))

    def expire(self, silence_id: str, *, project: str | None = None, org: str | None = None) -> None:
        """Ends a silence now (it stays listed as expired)."""
        self._transport.json("DELETE", self._item(silence_id, project, org, "silence"))


class Alerts(_ProjectResource):
    """``client.alerts``: the inbox and the life of an alert; rules, channels, policy and silences below it."""

    _collection = "alerts"

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.rules = AlertRules(client)
        self.channels = AlertChannels(client)
        self.policy = NotificationPolicies(client)
        self.silences = Silences(client)

    def list(
        self,
        *,
        state: str | Sequence[str] | None = None,
        severity: str | None = None,
        rule: str | None = None,
        deployment: str | None = None,
        start: int | None = None,
        end: int | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertList:
        """The inbox, newest first; iterate it for the alerts, ``.counts`` has the counts by state.

        Args:
            state: some of ``pending``, ``firing``, ``resolved``, ``acknowledged``, ``silenced``.
            rule: a rule's name or id.
            start, end: alerts active in [start, end) (ms since the epoch).
            limit: at most this many (1 to 1000; the server's default is 100).
        """
        if state is not None and not isinstance(state, str):
            state = ",".join(state)
        params = {
            "state": state,
            "severity": severity,
            "rule": rule,
            "deployment": deployment,
            "from": start,
            "to": end,
            "limit": limit,
        }
        return AlertList.from_json(self._transport.json("GET", self._base(project, org), params=params))

    def get(self, alert_id: str, *, project: str | None = None, org: str | None = None) -> AlertDetail:
        """An alert with its timeline and deliveries."""
        return AlertDetail.from_json(self._transport.json("GET", self._item(alert_id, project, org, "alert_id")))

    def acknowledge(
        self, alert_id: str, *, note: str | None = None, project: str | None = None, org: str | None = None
    ) -> AlertDetail:
        """Acknowledges an open alert: its escalation stops (409 if it is already acknowledged or resolved)."""
        path = self._item(alert_id, project, org, "alert_id") + "/acknowledge"
        return AlertDetail.from_json(self._transport.json("POST", path, json=_clean({"note": note})))

    def resolve(
        self, alert_id: str, *, note: str | None = None, project: str | None = None, org: str | None = None
    ) -> AlertDetail:
        """Resolves an open alert by hand (its rule opens a new one if the condition still holds)."""
        path = self._item(alert_id, project, org, "alert_id") + "/resolve"
        return AlertDetail.from_json(self._transport.json("POST", path, json=_clean({"note": note})))

    def bulk(
        self,
        *,
        ids: Sequence[str],
        action: str,
        note: str | None = None,
        duration_seconds: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> BulkAlertResults:
        """Acknowledges, resolves or silences (for ``duration_seconds``, default an hour) up to 500 alerts;
        one result per id, failures included."""
        if action not in BULK_ACTIONS:
            raise ValueError(f"action must be one of {', '.join(BULK_ACTIONS)}, got {action!r}")
        body = _clean({"ids": list(ids), "action": action, "note": note, "duration_seconds": duration_seconds})
        path = self._base(project, org) + "/bulk"
        return BulkAlertResults.from_json(self._transport.json("POST", path, json=body))

    def analytics(
        self,
        *,
        start: int | None = None,
        end: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> AlertAnalytics:
        """Alerts per rule, deployment and day, mean time to acknowledge and resolve, the noisiest rules
        (default: the last 30 days)."""
        path = self._base(project, org) + "/analytics"
        return AlertAnalytics.from_json(self._transport.json("GET", path, params={"from": start, "to": end}))

    def notifications(
        self,
        *,
        channel: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> builtins.list[AlertNotification]:
        """The outbox with each notification's delivery log, newest first."""
        path = self._project_path(project, org) + "/alert-notifications"
        body = self._transport.json("GET", path, params={"channel": channel, "status": status, "limit": limit})
        return [AlertNotification.from_json(n) for n in body["notifications"]]
