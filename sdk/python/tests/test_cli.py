"""The `cairn` command line against a real server, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from live_server import Account, LiveServer, start_live_server
from sklearn_model import sample_frame, save_sklearn_model

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_live_server(tmp_path_factory)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def account(server: LiveServer) -> Account:
    return server.account()


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home") / "cairn-config"


def cli_env(config_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAIRN_")}
    env.update(CAIRN_CONFIG_DIR=str(config_dir), PYTHONPATH=str(SRC), MLFLOW_DISABLE_TELEMETRY="true", **extra)
    return env


def cairn(
    config_dir: Path, *args: str, stdin: str | None = None, ok: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "cairn.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(config_dir, **env),
        timeout=120,
    )
    if ok:
        assert proc.returncode == 0, f"cairn {' '.join(args)} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def as_json(proc: subprocess.CompletedProcess[str]):
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def logged_in(server, account, config_dir) -> Path:
    proc = cairn(
        config_dir,
        "--url",
        server.url,
        "login",
        "--with-key",
        "--project",
        account.project,
        "--output",
        "json",
        stdin=account.api_key + "\n",
    )
    assert account.api_key not in proc.stdout + proc.stderr
    assert as_json(proc)["org"] == account.org
    return config_dir


def test_login_stores_the_key_for_its_owner_only(server, account, logged_in):
    path = logged_in / "config.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(logged_in.stat().st_mode) == 0o700
    stored = json.loads(path.read_text())
    assert stored == {"url": server.url, "api_key": account.api_key, "org": account.org, "project": account.project}


def test_login_with_a_bad_key_fails_and_stores_nothing(server, tmp_path):
    proc = cairn(tmp_path, "--url", server.url, "login", "--with-key", stdin="cairn_nope_nope\n", ok=False)
    assert proc.returncode == 1 and "login failed" in proc.stderr and "401" in proc.stderr
    assert "cairn_nope_nope" not in proc.stdout + proc.stderr
    assert not (tmp_path / "config.json").exists()


def test_the_stored_key_is_never_sent_to_another_server(logged_in):
    proc = cairn(logged_in, "--url", "http://127.0.0.1:9", "projects", "list", ok=False)
    assert proc.returncode == 1 and "not logged in to http://127.0.0.1:9" in proc.stderr


def test_demo_takes_the_seeders_options_and_refuses_bad_ones(tmp_path):
    """`cairn demo` is `python -m cairn.demo` (its run is tests/test_demo.py, against a --demo server)."""
    usage = cairn(tmp_path, "demo", "--help")
    assert "--traffic-seconds" in usage.stdout and "--no-traffic" in usage.stdout
    bad = cairn(tmp_path, "demo", "--traffic-interval", "0", ok=False)
    assert bad.returncode == 2 and "--traffic-interval must be positive" in bad.stderr
    unreachable = cairn(tmp_path, "--url", "http://127.0.0.1:9", "demo", "--wait", "0.5", ok=False)
    assert unreachable.returncode == 1 and "did not answer" in unreachable.stderr


def test_not_logged_in_says_how(tmp_path):
    proc = cairn(tmp_path, "projects", "list", ok=False)
    assert proc.returncode == 1 and "cairn login" in proc.stderr


def test_environment_works_without_login(server, account, tmp_path):
    proc = cairn(tmp_path, "-o", "json", "orgs", "list", CAIRN_URL=server.url, CAIRN_API_KEY=account.api_key)
    assert [o["slug"] for o in as_json(proc)] == [account.org]


def test_projects_list_as_json_and_table(logged_in, account):
    cairn(logged_in, "projects", "create", "Second Project", "--slug", "second")
    projects = as_json(cairn(logged_in, "projects", "list", "--output", "json"))
    assert sorted(p["slug"] for p in projects) == ["main", "second"]
    table = cairn(logged_in, "projects", "list").stdout.splitlines()
    assert table[0].split() == ["SLUG", "NAME", "VISIBILITY", "CREATED"] and len(table) == 3


def test_api_errors_exit_1_with_the_servers_error_as_json(logged_in):
    proc = cairn(logged_in, "models", "versions", "no-such-model", "--output", "json", ok=False)
    assert proc.returncode == 1
    error = json.loads(proc.stderr)["error"]
    assert error["status"] == 404 and error["code"] == "not_found" and error["request_id"]
    proc = cairn(logged_in, "projects", "create", "x" * 101, ok=False)
    assert proc.returncode == 1 and "422" in proc.stderr and "field name" in proc.stderr


def test_serve_points_at_the_server_binary(tmp_path):
    proc = cairn(tmp_path, "serve", "--port", "8080", ok=False)
    assert proc.returncode == 2 and "build/cairn serve" in proc.stderr and "make run" in proc.stderr


@pytest.fixture(scope="module")
def uploaded(logged_in, tmp_path_factory):
    frame = sample_frame()
    model = save_sklearn_model(tmp_path_factory.mktemp("m") / "model", frame)
    version = as_json(cairn(logged_in, "models", "upload", "scorer", str(model), "--tag", "team=sdk", "-o", "json"))
    return model, frame, version


def test_models_upload_list_download(logged_in, uploaded, tmp_path):
    model, _, version = uploaded
    assert version["version"] == 1 and version["tags"] == {"team": "sdk"}
    assert [m["name"] for m in as_json(cairn(logged_in, "models", "list", "-o", "json"))] == ["scorer"]
    out = tmp_path / "dl"
    result = as_json(cairn(logged_in, "models", "download", "scorer", "1", "--to", str(out), "-o", "json"))
    assert result["path"] == str(out)
    assert (out / "MLmodel").read_bytes() == (model / "MLmodel").read_bytes()
    bad = cairn(logged_in, "models", "upload", "scorer", str(model), "--tag", "oops", ok=False)
    assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr


def test_deploy_predict_and_logs(logged_in, uploaded, tmp_path):
    _, frame, _ = uploaded
    deployed = as_json(cairn(logged_in, "deploy", "scorer-api", "--model", "scorer", "--timeout", "90", "-o", "json"))
    assert deployed["status"]["state"] == "healthy" and deployed["model_version"] == 1
    listed = as_json(cairn(logged_in, "deployments", "list", "-o", "json"))
    assert [d["name"] for d in listed] == ["scorer-api"]

    expected = (frame["f0"] > 0).astype(int).tolist()
    csv = tmp_path / "rows.csv"
    frame.head(5).to_csv(csv, index=False)
    assert (
        as_json(cairn(logged_in, "predict", "scorer-api", "--input", str(csv), "-o", "json"))["predictions"]
        == expected[:5]
    )
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(frame.head(3).to_dict(orient="records")))
    assert cairn(logged_in, "predict", "scorer-api", "-i", str(rows)).stdout.split() == [str(v) for v in expected[:3]]

    lines = [json.loads(line) for line in cairn(logged_in, "logs", "scorer-api", "-o", "json").stdout.splitlines()]
    assert lines and {"at", "worker", "stream", "line"} <= set(lines[0])

    follow = subprocess.Popen(
        [sys.executable, "-m", "cairn.cli.main", "logs", "scorer-api", "--follow", "--tail", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(logged_in),
    )
    try:
        first = follow.stdout.readline() if follow.stdout else ""
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (w\d+|server) \w+: ", first), first
    finally:
        follow.terminate()
        follow.wait(timeout=10)


def test_monitors_log_from_csv(server, account, logged_in, tmp_path):
    key = server.new_key(account, scopes=("read", "write", "monitor"))
    now = int(time.time() * 1000)
    csv = tmp_path / "records.csv"
    csv.write_text(
        "id,timestamp,prediction,f0,f1\n" + "".join(f"r{i},{now - 1000},{i % 2},{i / 10},{-i}\n" for i in range(8))
    )
    env = {"CAIRN_URL": server.url, "CAIRN_API_KEY": key, "CAIRN_PROJECT": account.project}
    receipt = as_json(cairn(logged_in, "monitors", "log", "outside", "--create", "-i", str(csv), "-o", "json", **env))
    assert receipt == {"received": 8, "stored": 8, "duplicates": 0}
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"r0": 1, "r1": 0}))
    assert (
        as_json(cairn(logged_in, "monitors", "labels", "outside", "-i", str(labels), "-o", "json", **env))["matched"]
        == 2
    )
    assert "outside" in cairn(logged_in, "monitors", "list", **env).stdout


def test_logout_forgets_the_login(tmp_path, server, account):
    cairn(tmp_path, "--url", server.url, "login", "--with-key", stdin=account.api_key + "\n")
    assert cairn(tmp_path, "logout").stdout.strip() == "Logged out."
    assert as_json(cairn(tmp_path, "logout", "-o", "json")) == {"logged_out": False}
    assert not (tmp_path / "config.json").exists()
