"""Alerting: rules on monitoring series fire, notify real receivers on loopback (a webhook checked
against Alertmanager's payload and its HMAC, Slack- and PagerDuty-shaped receivers, the SMTP sink),
retry failed deliveries, escalate until acknowledged, stay quiet when silenced or inhibited, resolve,
roll a deployment back, and answer bad input with 4xx naming the field. Replicas on one database
notify once, and a restart between firing and delivery still delivers once.

The module runs its own server with a one-second monitoring interval and loopback allowed for
alert channels (the SSRF guard refuses it by default)."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest

from alert_receivers import start_receiver
from deployment_support import Project, save_pausing_model, sklearn_models, split  # noqa: F401 (fixture)
from helpers import expect_error, expect_json, expect_status, now_ms, project_path, unique_email, wait_until

SERVER_ARGS = ("--monitoring-interval-seconds", "1", "--outbound-allow", "127.0.0.1")


@pytest.fixture(scope="module")
def alert_server(server_factory, backend):
    return server_factory.start(backend, name=f"alerting-{backend}", extra_args=SERVER_ARGS)


@pytest.fixture
def al(cairn_on, alert_server):
    return cairn_on(alert_server)


@pytest.fixture
def owner(al):
    user = al.signup()
    org = al.make_org(user)
    project = al.make_project(user, org)
    return user, org, project, project_path(org, project)


@pytest.fixture
def receiver():
    r = start_receiver()
    yield r
    r.close()


def send_records(user, base, monitor: str, n: int, prefix: str) -> None:
    body = {"records": [{"id": f"{prefix}-{i}", "timestamp": now_ms(), "features": {"a": float(i)}, "prediction": 0}
                        for i in range(n)]}
    expect_json(user.client.post(f"{base}/monitors/{monitor}/records", json=body))


def make_monitor(user, base, name: str, records: int = 20) -> None:
    expect_json(user.client.post(f"{base}/monitors", json={"name": name}), 201)
    if records:
        send_records(user, base, name, records, name)


def traffic_rule(name: str, monitor: str, **fields) -> dict:
    rule = {"name": name, "monitor": monitor, "series": "requests", "window_seconds": 120,
            "condition": {"type": "threshold", "op": ">", "value": 5}, "interval_seconds": 1,
            "severity": "critical",
            "annotations": {"summary": "{{ $labels.monitor }} got {{ $value }} requests",
                            "runbook_url": "https://runbooks.example/traffic"}}
    rule.update(fields)
    return rule


def channel(user, base, name: str, kind: str, config: dict, **fields) -> dict:
    return expect_json(user.client.post(f"{base}/alert-channels",
                                        json={"name": name, "kind": kind, "config": config, **fields}), 201)


def route(channels: list[str], **fields) -> dict:
    return {"channels": channels, "group_by": ["alertname"], "group_wait_seconds": 0, "group_interval_seconds": 1,
            "repeat_interval_seconds": 3600, **fields}


def wait_alert(user, base, rule: str, state: str, timeout: float = 20) -> dict:
    seen = {}

    def reached():
        alerts = expect_json(user.client.get(f"{base}/alerts", params={"rule": rule}))["alerts"]
        seen["a"] = alerts
        return any(a["state"] == state for a in alerts)

    wait_until(reached, timeout=timeout, interval=0.2, what=f"rule {rule} {state}")
    return next(a for a in seen["a"] if a["state"] == state)


def test_a_rule_fires_notifies_every_kind_of_channel_once_then_resolves(al, owner, receiver, smtp):
    user, _, _, base = owner
    make_monitor(user, base, "svc")
    email = unique_email("oncall")
    channel(user, base, "hook", "webhook", {"url": receiver.url + "/hook?token=T0KEN", "hmac_secret": "s3cret",
                                            "headers": {"X-Team": "ml-platform"}})
    channel(user, base, "slack", "slack", {"url": receiver.url + "/slack/T000/B000/XXXX"})
    channel(user, base, "pd", "pagerduty", {"routing_key": "R" * 32, "url": receiver.url + "/pd"})
    channel(user, base, "mail", "email", {"to": [email]})
    listed = expect_json(user.client.get(f"{base}/alert-channels"))["channels"]
    by_name = {c["name"]: c for c in listed}
    # Secrets are sealed at rest and never answered.
    assert by_name["hook"]["config"]["hmac_secret"] == "***" and by_name["pd"]["config"]["routing_key"] == "***"
    assert by_name["slack"]["config"]["url"] == "***"
    # A webhook's URL (tokens ride in it) and header values too; the list shows only where it goes.
    assert by_name["hook"]["config"]["url"] == "***" and by_name["hook"]["config"]["headers"] == {"X-Team": "***"}
    assert by_name["hook"]["destination"] == receiver.url.split("://")[1]
    assert by_name["mail"]["destination"] == email
    stored = al.db().query("SELECT config FROM alert_channels WHERE name IN ('pd', 'hook')")
    assert not any("RRRR" in row["config"] or "T0KEN" in row["config"] or "ml-platform" in row["config"]
                   for row in stored)
    # A form sends the masks back with a change: the secrets stay as they were.
    expect_json(user.client.patch(f"{base}/alert-channels/hook", json={"config": dict(
        by_name["hook"]["config"], headers={"X-Team": "***", "X-Extra": "1"})}))

    expect_json(user.client.put(f"{base}/notification-policy", json={"routes": [
        route(["hook", "slack", "pd", "mail"], matchers=[{"name": "monitor", "op": "=", "value": "svc"}])]}))
    rule = expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("traffic-high", "svc")), 201)
    assert rule["status"]["health"] in ("unknown", "ok")
    alert = wait_alert(user, base, "traffic-high", "firing")
    assert alert["severity"] == "critical" and alert["labels"]["monitor"] == "svc"
    assert alert["annotations"]["summary"] == "svc got 20 requests"

    hook = receiver.wait_for(lambda r: r.path == "/hook?token=T0KEN", what="the webhook")[0]
    assert hook.headers["x-team"] == "ml-platform" and hook.headers["x-extra"] == "1"
    payload = hook.json()
    # Alertmanager's webhook payload, so existing receivers work unchanged.
    assert payload["version"] == "4" and payload["status"] == "firing" and payload["receiver"] == "hook"
    assert payload["groupLabels"] == {"alertname": "traffic-high"} and payload["groupKey"]
    assert payload["commonLabels"]["severity"] == "critical"
    [sent] = payload["alerts"]
    assert sent["status"] == "firing" and sent["labels"]["alertname"] == "traffic-high"
    assert sent["annotations"]["runbook_url"] == "https://runbooks.example/traffic"
    assert sent["generatorURL"].endswith(f"/alerts/{alert['id']}") and sent["fingerprint"]
    assert sent["endsAt"] == "0001-01-01T00:00:00Z"
    signature = hook.headers["x-cairn-signature"]
    signed = hook.headers["x-cairn-timestamp"].encode() + b"." + hook.body
    assert signature == "sha256=" + hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    assert abs(int(hook.headers["x-cairn-timestamp"]) - time.time()) < 60

    slack = receiver.wait_for(lambda r: r.path.startswith("/slack"), what="the Slack message")[0].json()
    assert slack["text"] and isinstance(slack["blocks"], list) and "traffic-high" in str(slack["blocks"])
    pd = receiver.wait_for(lambda r: r.path == "/pd", what="the PagerDuty event")[0].json()
    assert pd["event_action"] == "trigger" and pd["routing_key"] == "R" * 32 and pd["dedup_key"]
    assert pd["payload"]["severity"] == "critical" and pd["payload"]["summary"]
    mail = smtp.wait_for(email)
    assert "FIRING" in mail.subject and "traffic-high" in mail.subject

    detail = expect_json(user.client.get(f"{base}/alerts/{alert['id']}"))
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds[0] == "firing" and kinds.count("notified") >= 4
    wait_until(lambda: all(n["status"] == "delivered" for n in
                           expect_json(user.client.get(f"{base}/alert-notifications"))["notifications"]),
               timeout=10, what="every notification delivered")
    # Grouped and deduplicated: one notification per channel while nothing changes.
    time.sleep(2.5)
    assert [len(receiver.accepted(p)) for p in ("/hook?token=T0KEN", "/pd")] == [1, 1]

    # The condition no longer holds: resolved, and every channel is told.
    expect_json(user.client.patch(f"{base}/alert-rules/traffic-high",
                                  json={"condition": {"type": "threshold", "op": ">", "value": 1_000_000}}))
    wait_alert(user, base, "traffic-high", "resolved")
    resolved = receiver.wait_for(lambda r: r.path == "/hook?token=T0KEN" and r.json()["status"] == "resolved",
                                 what="the resolved webhook")[0].json()
    assert resolved["alerts"][0]["endsAt"] != "0001-01-01T00:00:00Z"
    receiver.wait_for(lambda r: r.path == "/pd" and r.json()["event_action"] == "resolve", what="PagerDuty resolve")
    metrics = al.client().get("/metrics").text
    assert 'cairn_job_runs_total{job="alerting.evaluate"}' in metrics
    assert "cairn_alert_notifications_delivered_total" in metrics


def test_a_failing_receiver_is_retried_and_gets_the_notification_once(owner, receiver):
    user, _, _, base = owner
    make_monitor(user, base, "retry")
    receiver.answer_next(503, 503)
    channel(user, base, "flaky", "webhook", {"url": receiver.url + "/flaky"})
    expect_json(user.client.put(f"{base}/notification-policy", json={"routes": [route(["flaky"])]}))
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("retried", "retry")), 201)
    receiver.wait_for(lambda r: r.path == "/flaky", timeout=30, what="the third attempt")
    attempts = receiver.all("/flaky")
    assert [r.status for r in attempts] == [503, 503, 200]
    # The same notification each time: receivers can drop duplicates by its key.
    assert len({r.headers["idempotency-key"] for r in attempts}) == 1
    log = expect_json(user.client.get(f"{base}/alert-notifications", params={"channel": "flaky"}))["notifications"]
    assert len(log) == 1 and log[0]["status"] == "delivered" and log[0]["attempts"] == 3
    assert [a["status_code"] for a in log[0]["log"]] == [503, 503, 200]
    time.sleep(2)
    assert len(receiver.accepted("/flaky")) == 1


def test_escalation_repeats_until_acknowledged_and_pagerduty_hears_the_ack(al, owner, receiver, smtp):
    user, org, _, base = owner
    make_monitor(user, base, "esc")
    channel(user, base, "team", "webhook", {"url": receiver.url + "/team"})
    channel(user, base, "oncall", "webhook", {"url": receiver.url + "/oncall"})
    channel(user, base, "pd", "pagerduty", {"routing_key": "K" * 32, "url": receiver.url + "/pd"})
    # A level pages a member of the organization by email; someone outside it cannot be paged.
    on_call = al.signup()
    al.add_member(user, org, on_call, "viewer")
    stranger = al.signup()
    expect_error(user.client.put(f"{base}/notification-policy", json={"routes": [
        route(["team"], escalation=[{"after_seconds": 1, "members": [stranger.email]}])]}), 422,
        field="routes[0].escalation[0].members[0]")
    expect_json(user.client.put(f"{base}/notification-policy", json={"routes": [
        route(["team", "pd"], escalation=[{"after_seconds": 1, "channels": ["oncall"], "members": [on_call.email]}],
              escalation_repeat_seconds=2)]}))
    names = [c["name"] for c in expect_json(user.client.get(f"{base}/alert-channels"))["channels"]]
    assert f"member:{on_call.email}" in names and f"member:{stranger.email}" not in names
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("escalating", "esc")), 201)
    alert = wait_alert(user, base, "escalating", "firing")
    receiver.wait_for(lambda r: r.path == "/oncall", what="the first escalation")
    # The member also got the invitation: wait for the page itself.
    wait_until(lambda: any("escalating" in m.subject + m.text for m in smtp.mails_to(on_call.email)), timeout=15,
               what="the member paged by email")
    # Nobody acknowledged: the level repeats (1 s after firing, then every 3 s).
    wait_until(lambda: len(receiver.accepted("/oncall")) >= 2, timeout=10, what="the escalation repeating")
    acked = expect_json(user.client.post(f"{base}/alerts/{alert['id']}/acknowledge", json={"note": "on it"}))
    assert acked["acknowledged"]["note"] == "on it" and acked["acknowledged"]["by"] == user.id
    receiver.wait_for(lambda r: r.path == "/pd" and r.json()["event_action"] == "acknowledge", what="PagerDuty ack")
    after = len(receiver.accepted("/oncall"))
    time.sleep(4)
    assert len(receiver.accepted("/oncall")) == after, "escalation went on after the acknowledgement"
    expect_error(user.client.post(f"{base}/alerts/{alert['id']}/acknowledge", json={}), 409)
    listed = expect_json(user.client.get(f"{base}/alerts", params={"state": "acknowledged"}))["alerts"]
    assert [a["id"] for a in listed] == [alert["id"]]


def test_silences_and_inhibition_keep_notifications_quiet(owner, receiver):
    user, _, _, base = owner
    make_monitor(user, base, "quiet")
    channel(user, base, "hook", "webhook", {"url": receiver.url + "/q"})
    expect_json(user.client.put(f"{base}/notification-policy",
                                json={"routes": [route(["hook"], group_by=["alertname", "severity"])]}))
    silence = expect_json(user.client.post(f"{base}/silences", json={
        "matchers": [{"name": "alertname", "op": "=~", "value": "muted.*"}], "duration_seconds": 600,
        "comment": "maintenance window"}), 201)
    assert silence["state"] == "active"
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("muted-traffic", "quiet")), 201)
    # A critical and a warning on the same monitor: the warning is inhibited.
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("loud", "quiet")), 201)
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("also-loud", "quiet", severity="warning")), 201)
    muted = wait_alert(user, base, "muted-traffic", "firing")
    wait_alert(user, base, "also-loud", "firing")
    receiver.wait_for(lambda r: r.json()["groupLabels"].get("alertname") == "loud", what="the critical")
    time.sleep(2.5)
    names = {r.json()["groupLabels"]["alertname"] for r in receiver.accepted("/q")}
    assert names == {"loud"}, names
    listed = expect_json(user.client.get(f"{base}/alerts", params={"state": "silenced"}))["alerts"]
    assert [a["id"] for a in listed] == [muted["id"]] and listed[0]["silenced_by"] == silence["id"]
    assert user.client.delete(f"{base}/silences/{silence['id']}").status_code == 204
    assert expect_json(user.client.get(f"{base}/silences"))["silences"] == []
    # Expired, the silence no longer holds: the muted alert is notified.
    receiver.wait_for(lambda r: r.json()["groupLabels"].get("alertname") == "muted-traffic", what="after the silence")


def test_absence_preview_bulk_and_analytics(owner):
    user, _, _, base = owner
    make_monitor(user, base, "idle", records=0)
    templates = expect_json(user.client.get(f"{base}/alert-rule-templates"))["templates"]
    no_traffic = next(t for t in templates if t["id"] == "no_traffic")["rule"]
    rule = dict(no_traffic, name="idle-no-traffic", monitor="idle", window_seconds=60, interval_seconds=1)
    expect_json(user.client.post(f"{base}/alert-rules", json=rule), 201)
    alert = wait_alert(user, base, "idle-no-traffic", "firing")
    assert alert["severity"] == "warning" and "idle" in alert["annotations"]["summary"]
    preview = expect_json(user.client.post(f"{base}/alert-rules/preview",
                                           json={"rule": traffic_rule("p", "idle", condition={"type": "absence"}),
                                                 "hours": 1}))
    assert len(preview["points"]) > 10 and preview["firing"] and preview["firing"][-1]["resolved_at"] is None
    done = expect_json(user.client.post(f"{base}/alerts/bulk", json={"ids": [alert["id"], "0" * 32],
                                                                     "action": "resolve", "note": "known idle"}))
    assert [r["ok"] for r in done["results"]] == [True, False]
    detail = expect_json(user.client.get(f"{base}/alerts/{alert['id']}"))
    assert detail["state"] == "resolved" and detail["timeline"][-1]["detail"]["note"] == "known idle"
    stats = expect_json(user.client.get(f"{base}/alerts/analytics"))
    assert stats["fired"] >= 1 and stats["by_rule"][0]["name"] == "idle-no-traffic"
    assert stats["by_rule"][0]["mean_time_to_resolve_seconds"] >= 0 and stats["noisiest"]
    # A disabled rule stops watching.
    expect_json(user.client.patch(f"{base}/alert-rules/idle-no-traffic", json={"enabled": False}))
    time.sleep(1.5)
    open_alerts = expect_json(user.client.get(f"{base}/alerts", params={"state": "pending,firing"}))["alerts"]
    assert open_alerts == []


def test_bad_rules_channels_and_policies_are_refused_naming_the_field(al, owner):
    user, org, _, base = owner
    make_monitor(user, base, "m", records=0)
    good = traffic_rule("ok", "m")
    cases = [
        (dict(good, series="latency_p42"), "series"),
        (dict(good, monitor="nope"), "monitor"),
        (dict(good, window_seconds=5), "window_seconds"),
        (dict(good, for_seconds="5m"), "for_seconds"),
        (dict(good, condition={"type": "threshold", "op": "=~", "value": 1}), "condition.op"),
        (dict(good, condition={"type": "change", "op": ">", "value": 1}), "condition.offset_seconds"),
        (dict(good, annotations={"summary": "{{ .Values | exec }}"}), "annotations.summary"),
        (dict(good, annotations={"summary": "{{ $labels.x"}), "annotations.summary"),
        (dict(good, labels={"severity": "low"}), "labels.severity"),
        (dict(good, severity="page"), "severity"),
        (dict(good, actions={"rollback": {"enabled": True}}), "actions.rollback.enabled"),
        (dict(good, surprise=1), "surprise"),
    ]
    for body, field in cases:
        expect_error(user.client.post(f"{base}/alert-rules", json=body), 422, field=field)
    expect_error(user.client.post(f"{base}/alert-rules", content=b"{not json",
                                  headers={"content-type": "application/json"}), 400)
    for config in ({"url": "http://10.1.2.3/hook"}, {"url": "http://169.254.169.254/"}, {"url": "file:///etc/passwd"}, {}):
        expect_error(user.client.post(f"{base}/alert-channels", json={"name": "x", "kind": "webhook", "config": config}),
                     422, field="config.url")
    expect_error(user.client.post(f"{base}/alert-channels", json={"name": "x", "kind": "fax", "config": {}}), 422,
                 field="kind")
    expect_error(user.client.post(f"{base}/alert-channels",
                                  json={"name": "x", "kind": "email", "config": {"to": ["not-an-address"]}}),
                 422, field="config.to[0]")
    expect_error(user.client.put(f"{base}/notification-policy", json={"routes": [route(["missing"])]}), 422,
                 field="routes[0].channels[0]")
    expect_error(user.client.put(f"{base}/notification-policy", json={"routes": [route(["x"], group_wait_seconds=-1)]}),
                 422, field="routes[0].group_wait_seconds")
    expect_error(user.client.post(f"{base}/silences", json={"matchers": [], "duration_seconds": 60, "comment": "x"}),
                 422, field="matchers")
    expect_error(user.client.post(f"{base}/silences", json={"matchers": [{"name": "a", "op": "=~", "value": "("}],
                                                           "duration_seconds": 60, "comment": "x"}),
                 422, field="matchers[0].value")
    # Nothing half-made was kept.
    assert expect_json(user.client.get(f"{base}/alert-rules"))["rules"] == []
    assert expect_json(user.client.get(f"{base}/alert-channels"))["channels"] == []

    # Another organization sees nothing; a viewer reads but cannot change.
    expect_json(user.client.post(f"{base}/alert-rules", json=good), 201)
    stranger = al.signup()
    expect_error(stranger.client.get(f"{base}/alert-rules/ok"), 404)
    expect_error(stranger.client.get(f"{base}/alerts"), 404)
    viewer = al.signup()
    al.add_member(user, org, viewer, "viewer")
    assert expect_json(viewer.client.get(f"{base}/alert-rules/ok"))["name"] == "ok"
    expect_error(viewer.client.patch(f"{base}/alert-rules/ok", json={"enabled": False}), 403)
    expect_error(viewer.client.post(f"{base}/alert-channels", json={"name": "v", "kind": "webhook",
                                                                    "config": {"url": "https://example.com/"}}), 403)


def test_a_drift_rule_fires_on_shifted_traffic_and_rolls_the_deployment_back(al, owner, sklearn_models):  # noqa: F811
    """The issue's end to end: traffic whose features moved away from the reference makes the drift
    evaluation judge the dataset drifted; the dataset-drift template with rollback fires and rolls
    the deployment back to its last healthy revision."""
    import numpy as np

    (models, x) = sklearn_models
    user, org, project, base = owner
    proj = Project(al, user, org, project)
    proj.register("scorer", models[0][1])
    proj.deploy("scorer", {"model": "scorer", "version": 1})
    proj.wait_state("scorer", "healthy")
    # A configuration change makes revision 2, which then meets the shifted traffic.
    expect_json(user.client.patch(f"{proj.base}/deployments/scorer", json={"config": {"max_rows": 5000}}))
    wait_until(lambda: proj.deployment("scorer")["revision"] == 2, timeout=30, what="revision 2")
    proj.wait_state("scorer", "healthy")
    monitor = expect_json(user.client.get(f"{proj.base}/deployments/scorer/monitor"))["name"]
    reference = [{f: float(v) for f, v in row.items()} for row in x.to_dict(orient="records")]
    expect_json(user.client.put(f"{base}/monitors/{monitor}/reference",
                                json={"records": [{"features": r} for r in reference]}))
    templates = expect_json(user.client.get(f"{base}/alert-rule-templates"))["templates"]
    drift = next(t for t in templates if t["id"] == "dataset_drift")["rule"]
    rule = dict(drift, name="drift-rollback", monitor=monitor, interval_seconds=1,
                actions={"rollback": {"enabled": True, "cooldown_seconds": 3600}})
    expect_json(user.client.post(f"{base}/alert-rules", json=rule), 201)

    shifted = x.copy()
    rng = np.random.default_rng(5)
    for feature in ("f1", "f2", "f3"):
        shifted[feature] = rng.normal(loc=4.0, size=len(shifted))
    for start in range(0, len(shifted), 50):
        expect_json(proj.invoke("scorer", split(shifted.iloc[start:start + 50])))
    alert = wait_alert(user, base, "drift-rollback", "firing", timeout=40)
    assert alert["value"] == 1 and alert["labels"]["deployment"] == "scorer"
    wait_until(lambda: proj.deployment("scorer")["revision"] == 3, timeout=30, what="the rollback's revision 3")
    timeline = expect_json(user.client.get(f"{base}/alerts/{alert['id']}"))["timeline"]
    rollback = next(e for e in timeline if e["kind"] == "rollback")
    assert rollback["detail"]["to_revision"] == 1 and rollback["detail"]["new_revision"] == 3
    events = expect_json(user.client.get(f"{proj.base}/deployments/scorer/events"))
    assert "rollback to revision 1" in str(events)


def test_restarts_and_injected_latency_fire_and_roll_back_to_the_last_healthy_revision(al, owner, tmp_path, receiver,
                                                                                        smtp):
    """The issue's end to end: a crashing worker trips a restart rule; a revision that never loads
    is passed over; a revision made slow (an injected delay) trips a p99 latency rule — pending,
    then firing — whose webhook and email arrive and whose escalation stops at the acknowledgement;
    it rolls the deployment back to the last revision that was healthy (not merely the one before),
    traffic recovers, and the resolution is notified."""
    user, org, project, base = owner
    proj = Project(al, user, org, project)
    proj.register("pausing", save_pausing_model(tmp_path))
    proj.deploy("flaky", {"model": "pausing", "version": 1})
    proj.wait_state("flaky", "healthy")
    url = f"{proj.base}/deployments/flaky"
    expect_json(user.client.get(f"{url}/monitor"))
    quick = {"dataframe_split": {"columns": ["seconds"], "data": [[0]]}}
    crash = {"dataframe_split": {"columns": ["seconds"], "data": [[-1]]}}

    restarts = {"name": "restarts", "monitor": "flaky", "series": "worker_restarts", "window_seconds": 300,
                "condition": {"type": "threshold", "op": ">", "value": 0}, "interval_seconds": 1}
    expect_json(user.client.post(f"{base}/alert-rules", json=restarts), 201)
    expect_error(proj.invoke("flaky", crash), 503)
    alert = wait_alert(user, base, "restarts", "firing")
    assert alert["value"] >= 1 and alert["labels"]["deployment"] == "flaky"
    events = expect_json(user.client.get(f"{url}/events"))["events"]
    assert any(e["kind"] == "worker_exited" and "exited" in e["message"] for e in events), events
    wait_until(lambda: proj.invoke("flaky", quick).status_code == 200, timeout=30, what="the worker restarted")

    # Revision 2 never loads; revision 3 loads and answers slowly.
    expect_json(user.client.patch(url, json={"config": {"env": {"FAIL_TO_LOAD": "1"}}}))
    wait_until(lambda: any(e["kind"] == "worker_exited" and e["message"].startswith("revision 2")
                           for e in expect_json(user.client.get(f"{url}/events"))["events"]),
               timeout=60, what="revision 2 failing to load")
    expect_json(user.client.patch(url, json={"config": {"env": {"DELAY_SECONDS": "0.3"}}}))
    wait_until(lambda: proj.invoke("flaky", quick).headers.get("x-cairn-revision") == "3", timeout=60,
               interval=0.2, what="revision 3 serving")
    email = unique_email("oncall")
    channel(user, base, "ops-hook", "webhook", {"url": receiver.url + "/ops"})
    channel(user, base, "ops-mail", "email", {"to": [email]})
    channel(user, base, "pager", "webhook", {"url": receiver.url + "/pager"})
    expect_json(user.client.put(f"{base}/notification-policy", json={"routes": [
        route(["ops-hook", "ops-mail"], matchers=[{"name": "alertname", "op": "=", "value": "slow"}],
              escalation=[{"after_seconds": 1, "channels": ["pager"]}], escalation_repeat_seconds=2)]}))
    slow = {"name": "slow", "monitor": "flaky", "series": "latency_p99_ms", "window_seconds": 60,
            "condition": {"type": "threshold", "op": ">", "value": 200}, "interval_seconds": 1, "for_seconds": 1,
            "severity": "critical", "actions": {"rollback": {"enabled": True, "cooldown_seconds": 3600}}}
    expect_json(user.client.post(f"{base}/alert-rules", json=slow), 201)
    for _ in range(4):
        expect_json(proj.invoke("flaky", quick))
    alert = wait_alert(user, base, "slow", "firing", timeout=30)
    receiver.wait_for(lambda r: r.path == "/ops" and r.json()["status"] == "firing", what="the firing webhook")
    assert "slow" in smtp.wait_for(email).subject
    receiver.wait_for(lambda r: r.path == "/pager", what="the escalation")
    expect_json(user.client.post(f"{base}/alerts/{alert['id']}/acknowledge", json={"note": "rolling back"}))
    paged = len(receiver.accepted("/pager"))

    wait_until(lambda: proj.deployment("flaky")["revision"] == 4, timeout=30, what="the rollback's revision 4")
    timeline = expect_json(user.client.get(f"{base}/alerts/{alert['id']}"))["timeline"]
    kinds = [e["kind"] for e in timeline]
    assert kinds.index("pending") < kinds.index("firing") < kinds.index("acknowledged"), kinds
    rollback = next(e for e in timeline if e["kind"] == "rollback")
    assert rollback["detail"]["from_revision"] == 3 and rollback["detail"]["to_revision"] == 1, rollback
    revision = expect_json(user.client.get(f"{url}/revisions/4"))
    assert revision["config"]["env"] == {}, revision

    # Traffic recovers on the rolled-back revision; once the slow requests leave the window, the
    # alert resolves and the channels hear it. The acknowledgement stopped the escalation.
    wait_until(lambda: proj.invoke("flaky", quick).headers.get("x-cairn-revision") == "4", timeout=60,
               interval=0.2, what="revision 4 serving")
    # Enough fast answers that the slow ones fall below the 99th percentile of the window.
    from concurrent.futures import ThreadPoolExecutor

    def fast_burst(_):
        client = proj.cairn.client(user.access_token)
        for _ in range(500):
            expect_json(proj.invoke("flaky", quick, client=client))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(fast_burst, range(4)))
    wait_alert(user, base, "slow", "resolved", timeout=60)
    receiver.wait_for(lambda r: r.path == "/ops" and r.json()["status"] == "resolved", what="the resolved webhook")
    assert len(receiver.accepted("/pager")) == paged


def test_a_rule_on_an_experiment_watches_its_runs_metric(al, owner):
    """For training: a rule on a tracking metric of an experiment's runs (the highest latest loss),
    and absence when no run logs a metric any more; the preview reads the same series."""
    user, _, _, base = owner
    experiment = expect_json(user.client.post(f"{base}/experiments", json={"name": "sweep"}), 201)
    run_ids = []
    for loss in (0.4, 7.5):
        run = expect_json(user.client.post(f"{base}/experiments/{experiment['id']}/runs", json={}), 201)
        run_ids.append(run["id"])
        expect_status(user.client.post(f"{base}/runs/{run['id']}/log-batch",
                                       json={"metrics": [{"key": "loss", "value": loss, "timestamp": now_ms(),
                                                          "step": 1}]}), 204)
    rule = {"name": "diverging", "experiment": "sweep", "series": "metric:loss", "aggregate": "max",
            "window_seconds": 600, "condition": {"type": "threshold", "op": ">", "value": 5}, "interval_seconds": 1,
            "annotations": {"summary": "{{ $labels.experiment }}: loss reached {{ $value }}"}}
    created = expect_json(user.client.post(f"{base}/alert-rules", json=rule), 201)
    assert created["experiment"] == "sweep" and "monitor" not in created
    alert = wait_alert(user, base, "diverging", "firing")
    assert alert["value"] == 7.5 and alert["labels"]["experiment"] == "sweep"
    assert alert["annotations"]["summary"] == "sweep: loss reached 7.5"
    preview = expect_json(user.client.post(f"{base}/alert-rules/preview", json={"rule": rule, "hours": 1}))
    assert preview["points"][-1][1] == 7.5
    mean = expect_json(user.client.post(f"{base}/alert-rules/preview",
                                        json={"rule": dict(rule, aggregate="mean"), "hours": 1}))
    assert abs(mean["points"][-1][1] - 3.95) < 1e-9

    stalled = dict(rule, name="stalled", series="metric:accuracy", condition={"type": "absence"})
    expect_json(user.client.post(f"{base}/alert-rules", json=stalled), 201)
    wait_alert(user, base, "stalled", "firing")
    expect_error(user.client.post(f"{base}/alert-rules", json=dict(rule, name="x", experiment="nope")), 422,
                 field="experiment")
    expect_error(user.client.post(f"{base}/alert-rules", json=dict(rule, name="x", series="latency_p99_ms")), 422,
                 field="series")


def test_replicas_notify_once_and_a_restart_still_delivers_once(server_factory, backend, cairn_on, receiver):
    first = server_factory.start(backend, name=f"alerting-replica-a-{backend}", extra_args=SERVER_ARGS)
    second = server_factory.start(backend, name=f"alerting-replica-b-{backend}", database_url=first.database_url,
                                  artifacts_of=first, extra_args=SERVER_ARGS)
    a = cairn_on(first)
    user = a.signup()
    org = a.make_org(user)
    base = project_path(org, a.make_project(user, org))
    make_monitor(user, base, "shared")
    channel(user, base, "hook", "webhook", {"url": receiver.url + "/r"})
    expect_json(user.client.put(f"{base}/notification-policy", json={"routes": [route(["hook"])]}))
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("replicated", "shared")), 201)
    receiver.wait_for(lambda r: r.path == "/r", what="the replicated rule's notification")
    time.sleep(3)
    assert len(receiver.accepted("/r")) == 1, "two replicas notified twice"
    assert len(a.db().query("SELECT id FROM alerts")) == 1

    # The receiver is down when the next alert fires; both replicas stop before it recovers.
    receiver.answer_next(*([503] * 50))
    expect_json(user.client.post(f"{base}/alert-rules", json=traffic_rule("across-restart", "shared")), 201)
    wait_until(lambda: len(receiver.all("/r")) >= 2, timeout=20, what="a failed attempt")
    first.stop()
    second.stop()
    with receiver.lock:
        receiver.statuses.clear()
    third = server_factory.start(backend, name=f"alerting-replica-c-{backend}", database_url=first.database_url,
                                 artifacts_of=first, extra_args=SERVER_ARGS)
    assert third.alive()
    receiver.wait_for(lambda r: r.path == "/r" and r.json()["groupLabels"]["alertname"] == "across-restart",
                      timeout=40, what="delivery after the restart")
    time.sleep(3)
    got = [r for r in receiver.accepted("/r") if r.json()["groupLabels"]["alertname"] == "across-restart"]
    assert len(got) == 1
