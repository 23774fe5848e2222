"""The demo seeder (`python -m cairn.demo`, issue 14): on a `--demo` server it fills the demo
organization with real content — experiments of 20+ runs logged with the stock MLflow client,
registered models with stages and aliases, a healthy deployment answering predictions whose monitor
receives the generated traffic, drift detected against the reference and the drift rule firing —
and a second pass adds nothing.

The traffic schedule is shortened with the seeder's flags (drift from the first batch, a few
seconds of traffic) and the server evaluates monitoring every second, so the alert fires within
seconds instead of minutes. SQLite only: each pass trains 80 small models and deploys one, and the
parts it drives are covered on PostgreSQL by their own suites."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import expect_json, wait_until

DEMO_EMAIL = "demo@cairn.local"
DEMO_PASSWORD = "cairn-demo"  # the public demo password (server/src/app/demo_account.hpp, README)
SDK = Path(__file__).resolve().parent.parent / "sdk" / "python" / "src"
EXPERIMENTS = {"classification": {"iris-species", "wine-cultivar", "breast-cancer"},
               "regression": {"diabetes-progression"}}
MODELS = {"classification": ("iris-classifier", "wine-classifier", "breast-cancer-classifier"),
          "regression": ("diabetes-regressor",)}
QUICK = ["--traffic-interval", "0.1", "--drift-after", "0", "--traffic-seconds", "6", "--rule-interval", "1"]


@pytest.fixture(scope="module")
def demo_server(server_factory, backend):
    if backend != "sqlite":
        pytest.skip("the demo seeder runs on SQLite only (see the module's docstring)")
    return server_factory.start(backend, name="demo", extra_args=("--demo", "--monitoring-interval-seconds", "1"))


def seed(url: str, *flags: str) -> tuple[str, float]:
    """Runs the seeder as `make run` does (its own process); its log and how long it took."""
    env = {**os.environ, "PYTHONPATH": f"{SDK}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cairn.demo", "--url", url, "--wait", "10", *flags],
                          capture_output=True, text=True, timeout=180, env=env)
    took = time.monotonic() - started
    assert done.returncode == 0, f"the seeder failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stderr, took


def base(project: str) -> str:
    return f"/api/v1/orgs/demo/projects/{project}"


def content(user) -> dict:
    """Everything the seeder makes, counted: a second pass must leave it the same."""
    seen: dict = {}
    for project, names in EXPERIMENTS.items():
        experiments = expect_json(user.client.get(f"{base(project)}/experiments", params={"limit": 100}))["items"]
        assert names <= {e["name"] for e in experiments}, experiments
        for experiment in experiments:
            runs = expect_json(user.client.post(f"{base(project)}/runs/search",
                                                json={"experiment_ids": [experiment["id"]], "max_results": 1000}))
            seen[f"runs:{project}/{experiment['name']}"] = len(runs["items"])
        for name in MODELS[project]:
            model = expect_json(user.client.get(f"{base(project)}/models/{name}"))
            seen[f"model:{name}"] = (model["version_count"], dict(model["aliases"]), dict(model["stages"]))
        seen[f"deployments:{project}"] = [d["name"] for d in
                                          expect_json(user.client.get(f"{base(project)}/deployments"))["deployments"]]
        seen[f"monitors:{project}"] = [m["name"] for m in
                                       expect_json(user.client.get(f"{base(project)}/monitors"))["monitors"]]
        seen[f"rules:{project}"] = [r["name"] for r in
                                    expect_json(user.client.get(f"{base(project)}/alert-rules"))["rules"]]
    projects = expect_json(user.client.get("/api/v1/orgs/demo/projects", params={"limit": 100}))["items"]
    seen["projects"] = sorted(p["slug"] for p in projects)
    return seen


def test_the_seeder_fills_the_demo_org_with_live_content_once(cairn_on, demo_server):
    log, took = seed(demo_server.url, *QUICK)
    assert "content ready" in log and "drift injected" in log, log
    user = cairn_on(demo_server).login_user(DEMO_EMAIL, DEMO_PASSWORD)
    first = content(user)
    print(f"\nseeder: {took:.1f}s on an empty demo org\n{log}")

    # Experiments of 20+ runs, each with params, a metric history, the dataset as input; models logged.
    for project, names in EXPERIMENTS.items():
        for name in names:
            assert first[f"runs:{project}/{name}"] >= 20, first
    iris = next(e for e in expect_json(user.client.get(f"{base('classification')}/experiments"))["items"]
                if e["name"] == "iris-species")
    runs = expect_json(user.client.post(f"{base('classification')}/runs/search",
                                        json={"experiment_ids": [iris["id"]], "max_results": 1000}))["items"]
    run = runs[0]
    assert run["params"]["family"] and "accuracy" in run["metrics"], run
    assert run["inputs"] and run["inputs"][0]["name"] == "iris", run["inputs"]
    history = expect_json(user.client.get(f"{base('classification')}/runs/{run['id']}/metrics/val_accuracy/history"))
    assert [point["step"] for point in history["points"]] == [0, 1, 2, 3, 4], history
    with_model = [r for r in runs if r["tags"].get("demo.model_uri")]
    assert len(with_model) == 3, [r["tags"] for r in runs]

    # Registered models: three versions, one per stage, the champion the newest.
    for project, names in MODELS.items():
        for name in names:
            versions, aliases, stages = first[f"model:{name}"]
            assert versions == 3 and aliases == {"challenger": 2, "champion": 3}, (name, first[f"model:{name}"])
            assert {s.lower() for s in stages} >= {"production", "staging", "archived"}, stages

    # The deployment is healthy and answers; its monitor has the traffic and sees the drift.
    p = base("classification")
    deployment = expect_json(user.client.get(f"{p}/deployments/iris-api"))
    assert deployment["status"]["state"] == "healthy" and deployment["model_version"] == 3, deployment
    row = {"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}
    assert expect_json(user.client.post(f"{p}/deployments/iris-api/invocations",
                                        json={"dataframe_records": [row]}))["predictions"] == [0]
    monitor = expect_json(user.client.get(f"{p}/monitors/iris-api"))
    assert monitor["reference"]["rows"] > 100, monitor
    now = int(time.time() * 1000)
    drift = expect_json(user.client.get(f"{p}/monitors/iris-api/drift", params={"from": now - 600_000, "to": now + 1}))
    assert drift["rows"] > 100 and drift["dataset_drifted"] is True, drift

    def firing():
        alerts = expect_json(user.client.get(f"{p}/alerts", params={"state": "firing"}))["alerts"]
        return next((a for a in alerts if a["rule"]["name"] == "iris-api drift"), None)

    alert = wait_until(firing, timeout=30, interval=0.5, what="the drift alert firing")
    assert alert["labels"]["deployment"] == "iris-api", alert

    # A second pass finds everything and adds nothing (its new key replaces the first).
    again, took_again = seed(demo_server.url, "--no-traffic")
    assert "skipped" in again and "registered" not in again and "trained" not in again, again
    assert content(user) == first
    # Its key is new; the first pass's was used seconds ago (a live traffic loop's, as far as the
    # seeder can tell), so it stays until a later pass finds it idle: never more than these two.
    keys = expect_json(user.client.get("/api/v1/orgs/demo/api-keys"))["items"]
    assert sum(1 for k in keys if k["name"] == "demo-seeder" and k["revoked_at"] is None) == 2, keys
    print(f"second pass: {took_again:.1f}s\n{again}")
