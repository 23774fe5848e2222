"""Operator commands on a real server's data: `cairn admin backup` / `restore` (a round trip taken
while the server runs and writes) and `cairn admin gc` (MLflow's `mlflow gc`: runs and experiments
deleted more than N days ago, with their artifacts, and orphaned artifact folders).

Both follow CAIRN_TEST_ARTIFACT_STORE: with `s3`, the artifacts live in the test S3 server and the
commands reach them with the server's own --artifact-root and --s3-endpoint-url."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import urllib.parse
import uuid
from pathlib import Path

import pytest

from helpers import expect_json, expect_status, now_ms, project_path, require_cairn_bin, uid, wait_until

DAY_MS = 86_400_000


def admin(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(require_cairn_bin()), "admin", *args], capture_output=True, text=True, timeout=timeout)


def target_args(server) -> list[str]:
    """The flags that point a command at `server`'s data: its database, data dir and artifacts."""
    return ["--database-url", server.database_url, "--data-dir", str(server.workdir / "data"), *server.artifacts]


class Tracking:
    """One user's project on one server, through the native tracking API."""

    def __init__(self, cairn, user=None, org=None, project=None):
        self.cairn = cairn
        self.user = user or cairn.signup()
        self.org = org or cairn.make_org(self.user)
        self.project = project or cairn.make_project(self.user, self.org)
        self.base = project_path(self.org, self.project)
        self.client = self.user.client

    def experiment(self) -> dict:
        return expect_json(self.client.post(f"{self.base}/experiments", json={"name": f"exp-{uid(8)}"}), 201)

    def run(self, experiment: dict, *, points: int = 3, artifact: bytes | None = None) -> dict:
        run = expect_json(self.client.post(f"{self.base}/experiments/{experiment['id']}/runs", json={}), 201)
        body = {
            "metrics": [{"key": "loss", "value": 1.0 / (s + 1), "step": s, "timestamp": 1_700_000_000_000 + s}
                        for s in range(points)],
            "params": [{"key": "lr", "value": "0.01"}],
            "tags": [{"key": "team", "value": "vision"}],
        }
        expect_status(self.client.post(f"{self.base}/runs/{run['id']}/log-batch", json=body), 204)
        if artifact is not None:
            expect_status(self.client.put(self.artifact_url(run, "model/weights.bin"), content=artifact), 201)
        return run

    def artifact_url(self, run: dict, path: str) -> str:
        return f"{self.base}/runs/{run['id']}/artifacts/{path}"

    def get(self, path: str):
        return self.client.get(path)


# ----------------------------------------------------------------------------- backup and restore


def test_backup_while_serving_then_restore_into_a_fresh_data_dir(server_factory, backend, cairn_on, smtp, tmp_path):
    if backend != "sqlite":
        pytest.skip("the PostgreSQL path is pg_dump's (test_backup_on_postgresql_points_to_pg_dump)")
    source = server_factory.start(backend, name="backup-src")
    ws = Tracking(cairn_on(source))
    experiment = ws.experiment()
    payload = bytes(range(256)) * 4096  # 1 MiB, every byte value
    runs = [ws.run(experiment, points=50, artifact=payload + bytes([i])) for i in range(3)]

    # The server keeps writing while the backup runs: the backup must still be one consistent moment.
    stop = threading.Event()
    writes = []

    def keep_logging():
        writer = ws.cairn.client(ws.user.access_token)
        step = 1000
        while not stop.is_set():
            body = {"metrics": [{"key": "live", "value": float(step), "step": step, "timestamp": 1_700_000_000_000}]}
            if writer.post(f"{ws.base}/runs/{runs[0]['id']}/log-batch", json=body).status_code == 204:
                writes.append(step)
            step += 1

    thread = threading.Thread(target=keep_logging)
    thread.start()
    try:
        wait_until(lambda: len(writes) >= 20, timeout=30, what="writes before the backup")
        backup_dir = tmp_path / "backup"
        made = admin("backup", "--to", str(backup_dir), *target_args(source))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert made.returncode == 0, made.stdout + made.stderr
    assert writes, "the server took no writes during the backup"
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["format"] == "cairn-backup" and manifest["database"] == "sqlite"
    assert manifest["artifact_files"] == 3 and manifest["artifact_bytes"] == 3 * (len(payload) + 1)
    assert (backup_dir / "artifacts").is_dir() and (backup_dir / "cairn.db").is_file()
    # A second backup into the same directory is refused.
    again = admin("backup", "--to", str(backup_dir), *target_args(source))
    assert again.returncode == 2 and "not empty" in again.stderr
    assert source.stop() == 0

    # A fresh data dir (and, with S3, a fresh prefix) for the restored server.
    workdir = tmp_path / "restored"
    (workdir / "data").mkdir(parents=True)
    restored = type(source)("restored", backend, f"sqlite://{workdir / 'data' / 'cairn.db'}", workdir,
                            list(source.extra_args))
    server_factory.servers.append(restored)
    done = admin("restore", "--from", str(backup_dir), *target_args(restored))
    assert done.returncode == 0, done.stdout + done.stderr
    # The target is no longer empty: a second restore needs --force.
    refused = admin("restore", "--from", str(backup_dir), *target_args(restored))
    assert refused.returncode == 2 and "--force" in refused.stderr
    restored.start(require_cairn_bin(), smtp)

    cairn = cairn_on(restored)
    user = cairn.login_user(ws.user.email, ws.user.password)
    again = Tracking(cairn, user, ws.org, ws.project)
    listed = expect_json(again.client.post(f"{again.base}/runs/search", json={"experiment_ids": [experiment["id"]]}))
    assert sorted(r["id"] for r in listed["items"]) == sorted(r["id"] for r in runs)
    for i, run in enumerate(runs):
        got = expect_json(again.get(f"{again.base}/runs/{run['id']}"))
        assert got["params"] == {"lr": "0.01"} and got["tags"]["team"] == "vision"
        history = expect_json(again.get(f"{again.base}/runs/{run['id']}/metrics/loss/history"))
        assert [p["step"] for p in history["points"]] == list(range(50))
        file = again.get(again.artifact_url(run, "model/weights.bin"))
        assert file.status_code == 200 and file.content == payload + bytes([i])
    # The live metric: whatever the snapshot holds is a prefix of what was acknowledged, in order.
    live = expect_json(again.get(f"{again.base}/runs/{runs[0]['id']}/metrics/live/history"))
    steps = [p["step"] for p in live["points"]]
    assert len(steps) >= 20 and steps == writes[: len(steps)]


def test_restore_refuses_a_damaged_backup_and_leaves_the_target_alone(server_factory, backend, cairn_on, tmp_path):
    if backend != "sqlite":
        pytest.skip("SQLite backups only")
    source = server_factory.start(backend, name="backup-bad")
    ws = Tracking(cairn_on(source))
    ws.run(ws.experiment())
    backup_dir = tmp_path / "backup"
    assert admin("backup", "--to", str(backup_dir), *target_args(source)).returncode == 0
    with open(backup_dir / "cairn.db", "r+b") as f:  # zeroes over the b-tree pages, header kept
        f.seek(4096)
        f.write(b"\0" * 65536)
    target = tmp_path / "target"
    args = ["--database-url", f"sqlite://{target / 'cairn.db'}", "--data-dir", str(target),
            "--artifact-root", str(target / "artifacts")]
    refused = admin("restore", "--from", str(backup_dir), *args)
    assert refused.returncode == 1 and "integrity" in refused.stderr, refused.stderr
    assert not (target / "cairn.db").exists()
    shutil.rmtree(backup_dir / "artifacts")
    (backup_dir / "manifest.json").unlink()
    incomplete = admin("restore", "--from", str(backup_dir), *args)
    assert incomplete.returncode == 2 and "manifest" in incomplete.stderr


def test_backup_on_postgresql_points_to_pg_dump(server, backend, tmp_path):
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    made = admin("backup", "--to", str(tmp_path / "b"), *target_args(server))
    assert made.returncode == 3
    assert "pg_dump" in made.stderr and "pg_restore" in made.stderr
    password = urllib.parse.urlsplit(server.database_url).password
    assert not password or password not in made.stderr + made.stdout
    assert not (tmp_path / "b").exists()


# ----------------------------------------------------------------------------- gc


def gc(server, *args: str) -> dict:
    done = admin("gc", "--json", *args, *target_args(server))
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_gc_removes_old_deletions_with_their_artifacts_and_orphans_and_keeps_the_rest(server_factory, backend,
                                                                                      cairn_on):
    server = server_factory.start(backend, name="gc")
    cairn = cairn_on(server)
    ws = Tracking(cairn)
    experiment = ws.experiment()
    old, recent, active = (ws.run(experiment, artifact=name.encode()) for name in ("old", "recent", "active"))
    for run in (old, recent):
        expect_status(ws.client.delete(f"{ws.base}/runs/{run['id']}"), 204)
    gone_experiment = ws.experiment()
    in_gone = ws.run(gone_experiment, artifact=b"in-gone")
    expect_status(ws.client.delete(f"{ws.base}/experiments/{gone_experiment['id']}"), 204)
    # Ten days back in time: the only way to age a deletion without waiting (the rule reads these columns).
    db = cairn.db()
    ten_days_ago = now_ms() - 10 * DAY_MS
    db.execute("UPDATE runs SET deleted_at = ? WHERE id = ?", (ten_days_ago, old["id"]))
    db.execute("UPDATE experiments SET updated_at = ? WHERE id = ?", (ten_days_ago, gone_experiment["id"]))
    db.execute("UPDATE runs SET deleted_at = ? WHERE experiment_id = ?", (ten_days_ago, gone_experiment["id"]))
    # An artifact no run owns: uploaded through MLflow's proxy under a run id that never existed.
    ghost = uuid.uuid4().hex
    ghost_url = f"/api/2.0/mlflow-artifacts/artifacts/{experiment['id']}/{ghost}/artifacts/stray.txt"
    expect_status(ws.client.put(ghost_url, content=b"stray"), 200)
    assert ws.client.get(ghost_url).content == b"stray"

    dry = gc(server, "--older-than-days", "7", "--dry-run")
    assert dry["dry_run"] is True
    assert dry["runs"] == [old["id"]] and dry["experiments"] == [gone_experiment["id"]]
    tags = db.query("SELECT COUNT(*) AS n FROM run_tags WHERE run_id IN (?, ?)", (old["id"], in_gone["id"]))[0]["n"]
    assert dry["rows"] == {"runs": 2, "params": 2, "tags": tags, "metric_points": 6} and tags >= 2
    assert [key.split("/", 1)[1] for key in dry["orphaned_folders"]] == [f"{experiment['id']}/{ghost}"]
    # Nothing changed.
    for run in (old, recent, active, in_gone):
        assert ws.get(f"{ws.base}/runs/{run['id']}").status_code == 200
    assert ws.get(ws.artifact_url(old, "model/weights.bin")).content == b"old"
    assert ws.client.get(ghost_url).content == b"stray"

    done = gc(server, "--older-than-days", "7")
    assert done["dry_run"] is False
    assert done["runs"] == dry["runs"] and done["experiments"] == dry["experiments"]
    assert done["orphaned_folders"] == dry["orphaned_folders"] and done["failures"] == []
    for run in (old, in_gone):
        assert ws.get(f"{ws.base}/runs/{run['id']}").status_code == 404
    assert ws.get(f"{ws.base}/experiments/{gone_experiment['id']}").status_code == 404
    # The files went with them: the proxy path of the old run's file is empty now.
    old_file = f"/api/2.0/mlflow-artifacts/artifacts/{experiment['id']}/{old['id']}/artifacts/model/weights.bin"
    assert ws.client.get(old_file).status_code == 404
    assert ws.client.get(ghost_url).status_code == 404
    assert not db.query("SELECT run_id FROM metrics WHERE run_id IN (?, ?)", (old["id"], in_gone["id"]))
    assert not db.query("SELECT run_id FROM run_params WHERE run_id IN (?, ?)", (old["id"], in_gone["id"]))
    # A recent deletion and an active run are kept, files included.
    for run, content in ((recent, b"recent"), (active, b"active")):
        assert expect_json(ws.get(f"{ws.base}/runs/{run['id']}"))["id"] == run["id"]
        assert ws.get(ws.artifact_url(run, "model/weights.bin")).content == content
    # A second pass finds nothing more.
    again = gc(server, "--older-than-days", "7")
    assert again["runs"] == [] and again["experiments"] == [] and again["orphaned_folders"] == []


def test_gc_checks_its_arguments(server):
    missing = admin("gc", *target_args(server))
    assert missing.returncode != 0 and "older-than-days" in (missing.stderr + missing.stdout)
    negative = admin("gc", "--older-than-days", "-1", *target_args(server))
    assert negative.returncode == 2


def test_the_retention_setting_purges_old_deletions_in_the_background(server_factory, backend, cairn_on):
    first = server_factory.start(backend, name="gc-job")
    cairn = cairn_on(first)
    ws = Tracking(cairn)
    experiment = ws.experiment()
    old, recent = ws.run(experiment, artifact=b"old"), ws.run(experiment, artifact=b"recent")
    for run in (old, recent):
        expect_status(ws.client.delete(f"{ws.base}/runs/{run['id']}"), 204)
    cairn.db().execute("UPDATE runs SET deleted_at = ? WHERE id = ?", (now_ms() - 10 * DAY_MS, old["id"]))
    assert first.stop() == 0
    # The same data served with a retention of 7 days: the daily job runs once at start.
    second = server_factory.start(backend, name="gc-job-2", database_url=first.database_url, artifacts_of=first,
                                  extra_args=("--retention-deleted-days", "7"))
    again = Tracking(cairn_on(second), cairn_on(second).login_user(ws.user.email, ws.user.password), ws.org,
                     ws.project)
    wait_until(lambda: again.get(f"{again.base}/runs/{old['id']}").status_code == 404, timeout=20,
               what="the old deletion purged")
    old_file = f"/api/2.0/mlflow-artifacts/artifacts/{experiment['id']}/{old['id']}/artifacts/model/weights.bin"
    assert again.client.get(old_file).status_code == 404
    assert expect_json(again.get(f"{again.base}/runs/{recent['id']}"))["lifecycle_stage"] == "deleted"
    assert again.get(again.artifact_url(recent, "model/weights.bin")).content == b"recent"
    metrics = again.client.get("/metrics").text
    assert 'cairn_job_runs_total{job="tracking.gc"} 1' in metrics
    assert 'cairn_job_failures_total{job="tracking.gc"} 0' in metrics
