"""``client.alerts`` and ``cairn alerts`` against a real server: a rule on a monitor fires, a webhook
channel receives the test send and the notification, and the alert is acknowledged, resolved,
silenced and counted, through the SDK and through the command line.

The module's server evaluates monitoring every second and lets alert channels reach loopback
(its SSRF guard refuses it by default)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cairn import Cairn, ConflictError, NotFoundError, UnprocessableEntityError
from cairn.cli.main import main
from cairn.resources.alerts import parse_matcher
from cairn.types import AlertDetail, AlertRule
from live_server import Account, LiveServer, start_live_server

SRC = Path(__file__).resolve().parents[1] / "src"
SERVER_ARGS = ("--monitoring-interval-seconds", "1", "--outbound-allow", "127.0.0.1")


class Receiver:
    """An HTTP receiver on loopback that keeps every JSON body posted to it."""

    def __init__(self) -> None:
        bodies: list[tuple[str, dict]] = []
        self.bodies = bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                bodies.append((self.path, json.loads(self.rfile.read(length) or b"{}")))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path, body in list(self.bodies):
                if predicate(path, body):
                    return body
            time.sleep(0.1)
        raise AssertionError(f"nothing matching arrived; got {self.bodies}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_live_server(tmp_path_factory, extra_args=SERVER_ARGS)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def account(server: LiveServer) -> Account:
    return server.account(scopes=("read", "write", "monitor", "admin"))


@pytest.fixture(scope="module")
def client(server: LiveServer, account: Account):
    with Cairn(url=server.url, api_key=account.api_key, project=account.project) as c:
        yield c


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.close()


def traffic_rule(name: str, monitor: str, **fields) -> dict:
    rule = {
        "name": name,
        "monitor": monitor,
        "series": "requests",
        "window_seconds": 120,
        "condition": {"type": "threshold", "op": ">", "value": 5},
        "interval_seconds": 1,
        "severity": "critical",
        "annotations": {"summary": "{{ $labels.monitor }} got {{ $value }} requests"},
    }
    rule.update(fields)
    return rule


def wait_alert(client: Cairn, rule: str, state: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [a for a in client.alerts.list(rule=rule) if a.state == state]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"rule {rule} not {state} within {timeout}s")


@pytest.fixture(scope="module")
def firing(client: Cairn, receiver: Receiver):
    """A monitor with 20 records, a webhook channel routed to, and two rules on it that fire."""
    client.monitors.create(name="svc")
    client.monitors.log("svc", records=[{"id": f"r{i}", "features": {"a": float(i)}} for i in range(20)])
    client.alerts.channels.create(name="hook", kind="webhook", config={"url": receiver.url + "/hook?token=T0KEN"})
    client.alerts.policy.put(
        routes=[
            {
                "channels": ["hook"],
                "group_by": ["alertname"],
                "group_wait_seconds": 0,
                "group_interval_seconds": 1,
                "repeat_interval_seconds": 3600,
            }
        ]
    )
    client.alerts.rules.create(**traffic_rule("traffic-high", "svc"))
    client.alerts.rules.create(**traffic_rule("traffic-also", "svc", severity="warning"))
    return wait_alert(client, "traffic-high", "firing"), wait_alert(client, "traffic-also", "firing")


def test_rules_are_created_read_listed_previewed_changed_and_deleted(client, firing):
    rule = client.alerts.rules.get("traffic-high")
    assert isinstance(rule, AlertRule) and rule.monitor == "svc" and rule.series == "requests"
    assert rule.alert is not None and rule.alert["state"] == "firing" and rule.status["health"] == "ok"
    assert {r.name for r in client.alerts.rules.list()} >= {"traffic-high", "traffic-also"}

    templates = client.alerts.rules.templates()
    assert "no_traffic" in {t.id for t in templates}
    idle = client.alerts.rules.create(name="idle", template="no_traffic", monitor="svc", interval_seconds=60)
    template = next(t for t in templates if t.id == "no_traffic")
    assert idle.series == template.rule["series"] and idle.condition["type"] == "absence"
    changed = client.alerts.rules.update("idle", enabled=False, severity="info")
    assert not changed.enabled and changed.severity == "info"
    client.alerts.rules.delete("idle")
    with pytest.raises(NotFoundError):
        client.alerts.rules.get("idle")
    with pytest.raises(ValueError, match="no alert rule template"):
        client.alerts.rules.create(name="x", template="nope", monitor="svc")
    with pytest.raises(UnprocessableEntityError) as bad:
        client.alerts.rules.create(**traffic_rule("bad", "svc", series="latency_p42"))
    assert bad.value.field == "series"

    preview = client.alerts.rules.preview(rule=traffic_rule("p", "svc"), hours=1)
    assert preview.points and preview.series == "requests" and preview.end > preview.start
    assert preview.firing and preview.firing[-1]["resolved_at"] is None


def test_channels_test_send_reaches_the_receiver_and_secrets_stay_masked(client, receiver, firing):
    [hook] = [c for c in client.alerts.channels.list() if c.name == "hook"]
    assert hook.config["url"] == "***" and hook.destination == receiver.url.split("://")[1]
    assert client.alerts.channels.get(hook.id).name == "hook"
    result = client.alerts.channels.test("hook")
    assert result.delivered and result.status_code == 200 and result.error is None
    # The rule's own notification, in Alertmanager's webhook payload.
    sent = receiver.wait_for(lambda p, b: b.get("groupLabels", {}).get("alertname") == "traffic-high")
    assert sent["status"] == "firing" and sent["alerts"][0]["annotations"]["summary"] == "svc got 20 requests"
    log = client.alerts.notifications(channel="hook")
    assert any(n.reason == "test" for n in log) and all(n.channel for n in log)

    spare = client.alerts.channels.create(name="spare", kind="email", config={"to": ["ops@example.com"]})
    assert client.alerts.channels.update("spare", send_resolved=False).send_resolved is False
    client.alerts.channels.delete(spare.id)
    with pytest.raises(NotFoundError):
        client.alerts.channels.get("spare")
    with pytest.raises(UnprocessableEntityError) as bad:
        client.alerts.channels.create(name="x", kind="webhook", config={"url": "http://10.1.2.3/hook"})
    assert bad.value.field == "config.url"
    policy = client.alerts.policy.get()
    assert policy.routes[0]["channels"] == ["hook"]


def test_an_alert_is_read_acknowledged_and_resolved(client, firing):
    high, _ = firing
    assert high.severity == "critical" and high.labels["monitor"] == "svc"
    detail = client.alerts.get(high.id)
    assert isinstance(detail, AlertDetail) and "firing" in [e["kind"] for e in detail.timeline]
    acked = client.alerts.acknowledge(high.id, note="on it")
    assert acked.acknowledged["note"] == "on it"
    with pytest.raises(ConflictError):
        client.alerts.acknowledge(high.id)
    assert [a.id for a in client.alerts.list(state="acknowledged")] == [high.id]
    page = client.alerts.list(state=["firing", "pending"])
    assert page.counts and high.id in {a.id for a in page}
    resolved = client.alerts.resolve(high.id, note="fixed")
    # A notification of the transition may land in the same millisecond: find the event by kind.
    [event] = [e for e in resolved.timeline if e["kind"] == "resolved"]
    assert resolved.state == "resolved" and event["detail"]["note"] == "fixed"
    stats = client.alerts.analytics()
    assert stats.fired >= 2 and stats.end > stats.start and {r["name"] for r in stats.by_rule} >= {"traffic-high"}


def test_bulk_actions_answer_per_id_and_silences_expire(client, firing):
    _, also = firing
    done = client.alerts.bulk(ids=[also.id, "0" * 32], action="silence", duration_seconds=600, note="noisy")
    assert [r["ok"] for r in done.results] == [True, False]
    silenced = client.alerts.get(also.id)
    assert silenced.silenced_by
    silence = client.alerts.silences.create(matchers=["alertname=~traffic-.*", "severity!=info"], comment="window", duration_seconds=600)
    assert silence.state == "active" and silence.matchers[0] == {"name": "alertname", "op": "=~", "value": "traffic-.*"}
    assert silence.id in {s.id for s in client.alerts.silences.list()}
    client.alerts.silences.expire(silence.id)
    assert silence.id not in {s.id for s in client.alerts.silences.list()}
    assert silence.id in {s.id for s in client.alerts.silences.list(include_expired=True)}
    with pytest.raises(ValueError):
        client.alerts.bulk(ids=[also.id], action="snooze")
    with pytest.raises(ValueError):
        parse_matcher("no operator")


@dataclasses.dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cairn_cli(server, account, monkeypatch, capsys, tmp_path):
    """Runs `cairn ...` in this process (as the console script does, exit code included): a process
    per command would cost half a second each; test_cli.py runs the real console script."""
    for name in [k for k in os.environ if k.startswith("CAIRN_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CAIRN_URL", server.url)
    monkeypatch.setenv("CAIRN_API_KEY", account.api_key)
    monkeypatch.setenv("CAIRN_PROJECT", account.project)
    monkeypatch.setenv("CAIRN_CONFIG_DIR", str(tmp_path / "cli-config"))

    def run(*args: str, ok: bool = True) -> Ran:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        ran = Ran(code, out.out, out.err)
        if ok:
            assert code == 0, f"cairn {' '.join(args)} -> {code}\n{ran.stdout}\n{ran.stderr}"
        return ran

    return run


def test_cli_lists_shows_acks_resolves_and_silences(server, account, client, cairn_cli):
    client.alerts.rules.create(**traffic_rule("cli-rule", "svc"))
    alert = wait_alert(client, "cli-rule", "firing")
    listed = json.loads(cairn_cli("alerts", "list", "--rule", "cli-rule", "-o", "json").stdout)
    assert [a["id"] for a in listed["alerts"]] == [alert.id] and listed["alerts"][0]["state"] == "firing"
    table = cairn_cli("alerts", "list", "--state", "firing").stdout
    assert "cli-rule" in table and "svc got 20 requests" in table
    shown = json.loads(cairn_cli("alerts", "show", alert.id, "--output", "json").stdout)
    assert "firing" in [e["kind"] for e in shown["timeline"]]
    acked = json.loads(cairn_cli("alerts", "ack", alert.id, "-m", "looking", "-o", "json").stdout)
    assert acked["acknowledged"]["note"] == "looking"
    again = cairn_cli("alerts", "ack", alert.id, "-o", "json", ok=False)
    assert again.returncode == 1 and json.loads(again.stderr)["error"]["status"] == 409
    assert "resolved" in cairn_cli("alerts", "resolve", alert.id).stdout
    rules = json.loads(cairn_cli("alerts", "rules", "list", "-o", "json").stdout)
    assert "cli-rule" in {r["name"] for r in rules}
    assert "cli-rule" in cairn_cli("alerts", "rules", "list").stdout
    made = json.loads(
        cairn_cli("alerts", "silence", "create", "alertname=cli-rule", "-c", "deploying", "-d", "30m", "-o", "json").stdout
    )
    assert made["comment"] == "deploying" and 1_700_000 <= made["ends_at"] - made["starts_at"] <= 1_900_000
    assert made["id"] in {s.id for s in client.alerts.silences.list()}
    assert made["id"] in cairn_cli("alerts", "silence", "list").stdout
    bad = cairn_cli("alerts", "silence", "create", "oops", "-c", "x", ok=False)
    assert bad.returncode != 0 and "matcher" in bad.stderr


def test_the_console_script_has_the_alerts_group(server, account):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN_")}
    env.update(CAIRN_URL=server.url, CAIRN_API_KEY=account.api_key, CAIRN_PROJECT=account.project,
               PYTHONPATH=str(SRC))
    proc = subprocess.run([sys.executable, "-m", "cairn.cli.main", "alerts", "list", "-o", "json"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert {"alerts", "counts"} <= set(json.loads(proc.stdout))
