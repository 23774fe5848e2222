"""The process around the API: graceful shutdown, start-up checks, logs without secrets, CLI."""

import json
import os
import signal
import socket
import subprocess
import time

import httpx
import pytest

from helpers import expect_json, require_cairn_bin, uid, unique_email


def test_sigterm_lets_an_in_flight_request_finish_then_exits_cleanly(server_factory, backend):
    server = server_factory.start(backend, name="shutdown")
    body = json.dumps({"email": unique_email(), "password": "pw-" + uid(), "name": "Late"}).encode()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        head = (
            f"POST /api/v1/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        # Half the request is in when the signal arrives: it is in flight, and must complete.
        sock.sendall(head + body[:10])
        time.sleep(0.3)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # New connections are refused while the in-flight one is still served.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        sock.sendall(body[10:])
        reply = sock.recv(65536).decode("latin-1")
        assert reply.startswith("HTTP/1.1 201"), reply[:300]
        assert "connection: close" in reply.lower()
    finally:
        sock.close()
    assert server.proc.wait(timeout=15) == 0
    assert '"msg":"stopped"' in server.log_tail()


def test_idle_keep_alive_connections_do_not_hold_up_shutdown(server_factory, backend):
    server = server_factory.start(backend, name="idle-shutdown")
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/healthz").status_code == 200  # leaves a kept-alive connection open
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=15) == 0
        assert time.monotonic() - started < 5


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    binary = require_cairn_bin()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN_")}
    env["CAIRN_ENV"] = "production"
    proc = subprocess.run(
        [str(binary), "serve", "--port", "0", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=30, env=env,
    )
    assert proc.returncode != 0
    assert "CAIRN_SECRET_KEY" in proc.stdout + proc.stderr
    assert not (tmp_path / "secret_key").exists()


def test_logs_never_carry_passwords_tokens_or_keys(cairn, server, signup, make_org):
    offset = server.log_size()
    password = "log-secret-" + uid()
    user = signup(password=password)
    login = expect_json(user.client.post("/api/v1/auth/login", json={"email": user.email, "password": user.password}))
    org = make_org(user)
    key = expect_json(
        user.client.post(f"/api/v1/orgs/{org['id']}/api-keys", json={"name": "ci", "scopes": ["read"]}), 201
    )
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key['secret']}"}) as keyed:
        assert keyed.get(f"/api/v1/orgs/{org['id']}").status_code == 200
    httpx.post(server.url + "/api/v1/auth/login", json={"email": user.email, "password": "wrong-" + uid()})
    time.sleep(0.2)
    log = server.log_since(offset, max_lines=100000)
    for secret in (user.password, login["access_token"], login["refresh_token"], key["secret"],
                   key["secret"].rsplit("_", 1)[1]):
        assert secret not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("msg") == "request"]
    assert requests, log[:2000]
    keyed_lines = [line for line in requests if line.get("principal", "").startswith("key:")]
    assert keyed_lines and keyed_lines[0]["route"] == "/api/v1/orgs/{org}"
    assert {"request_id", "method", "route", "status", "latency_ms"} <= set(keyed_lines[0])


def test_migrate_applies_once_and_is_idempotent(tmp_path):
    binary = require_cairn_bin()
    url = f"sqlite://{tmp_path}/m.db"
    first = subprocess.run([str(binary), "migrate", "--database-url", url], capture_output=True, text=True, timeout=30)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "0001_foundation" in first.stdout
    second = subprocess.run([str(binary), "migrate", "--database-url", url], capture_output=True, text=True, timeout=30)
    assert second.returncode == 0
    assert "0001_foundation" not in second.stdout
    assert '"applied":0' in second.stdout


def test_admin_commands_reset_a_password_and_list_orgs(server, cairn, signup, make_org):
    binary = require_cairn_bin()
    user = signup()
    org = make_org(user)
    new_password = "reset-" + uid()
    reset = subprocess.run(
        [str(binary), "admin", "reset-password", "--database-url", server.database_url, "--email", user.email,
         "--password", new_password],
        capture_output=True, text=True, timeout=60,
    )
    assert reset.returncode == 0, reset.stdout + reset.stderr
    ok = httpx.post(server.url + "/api/v1/auth/login", json={"email": user.email, "password": new_password})
    assert ok.status_code == 200
    # The reset ended the user's sessions.
    assert user.client.get("/api/v1/me").status_code == 401
    listed = subprocess.run(
        [str(binary), "admin", "list-orgs", "--database-url", server.database_url],
        capture_output=True, text=True, timeout=60,
    )
    assert listed.returncode == 0
    assert org["slug"] in listed.stdout
