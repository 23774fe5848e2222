"""Monitoring: monitors fed by API (models served elsewhere) and by the gateway (a deployment's
predictions), reference profiles, drift reports that name the feature that moved, data quality,
model performance once labels arrive, stored series from the evaluation job, and bad input.

The module runs its own server with a one-second monitoring interval, so statistics are flushed
and evaluated within a second or two instead of a minute."""

from __future__ import annotations

import io
import json
import os
import time

import httpx
import numpy as np
import pytest

from deployment_support import FEATURES, Project, sklearn_models, split  # noqa: F401 (fixture)
from helpers import expect_error, expect_json, now_ms, project_path, wait_until

ROWS = 1500


@pytest.fixture(scope="module")
def mon_server(server_factory, backend):
    return server_factory.start(backend, name=f"monitoring-{backend}", extra_args=("--monitoring-interval-seconds", "1"))


@pytest.fixture
def mon(cairn_on, mon_server):
    return cairn_on(mon_server)


@pytest.fixture
def owner(mon):
    user = mon.signup()
    org = mon.make_org(user)
    project = mon.make_project(user, org)
    return user, org, project, project_path(org, project)


def frame(rng, rows: int, shift: float = 0.0) -> list[dict]:
    """Two numeric features (b shifted by `shift`), one categorical, one binary."""
    a = rng.normal(size=rows)
    b = rng.normal(loc=shift, size=rows)
    c = rng.choice(["red", "green", "blue"], size=rows, p=[0.5, 0.3, 0.2])
    flag = rng.choice([0, 1], size=rows)
    return [{"a": float(a[i]), "b": float(b[i]), "c": str(c[i]), "flag": str(flag[i])} for i in range(rows)]


def records(rows: list[dict], prefix: str, predictions=None) -> dict:
    t = now_ms()
    return {"records": [{"id": f"{prefix}-{i}", "timestamp": t, "features": r,
                         "prediction": (predictions[i] if predictions is not None else 0)}
                        for i, r in enumerate(rows)]}


def create_monitor(user, base, name="churn", **config) -> dict:
    return expect_json(user.client.post(f"{base}/monitors", json={"name": name, "config": config}), 201)


def set_reference(user, base, name, rows):
    return expect_json(user.client.put(f"{base}/monitors/{name}/reference",
                                       json={"records": [{"features": r, "prediction": 0} for r in rows]}))


def drift_when_rows(user, base, name, rows: int, **params) -> dict:
    seen = {}

    def ready():
        seen["d"] = expect_json(user.client.get(f"{base}/monitors/{name}/drift", params=params))
        return seen["d"]["rows"] >= rows

    wait_until(ready, timeout=20, interval=0.3, what=f"{rows} rows profiled")
    return seen["d"]


def test_drift_names_the_shifted_feature_and_no_other(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(11)
    create_monitor(user, base)
    summary = set_reference(user, base, "churn", frame(rng, ROWS))
    assert summary["rows"] == ROWS and summary["features"]["a"] == "numeric" and summary["features"]["c"] == "categorical"

    sent = expect_json(user.client.post(f"{base}/monitors/churn/records", json=records(frame(rng, ROWS, shift=1.5), "r")))
    assert sent == {"received": ROWS, "stored": ROWS, "duplicates": 0}
    report = drift_when_rows(user, base, "churn", ROWS)
    by_feature = {f["feature"]: f for f in report["features"]}
    assert by_feature["b"]["drifted"], report
    assert [f["feature"] for f in report["features"] if f["drifted"]] == ["b"], __import__("json").dumps(report)[:2500]
    # Evidently's defaults for a reference of more than 1000 rows.
    assert by_feature["a"]["method"] == "wasserstein" and by_feature["c"]["method"] == "jensenshannon"
    assert len(by_feature["b"]["reference_histogram"]) == len(by_feature["b"]["current_histogram"]) > 1
    assert report["dataset_drifted"] is False and report["drift_share"] == pytest.approx(1 / len(by_feature))

    # The same batch again is stored once: the statistics do not double.
    again = expect_json(user.client.post(f"{base}/monitors/churn/records", json=records(frame(rng, ROWS, 1.5), "r")))
    assert again == {"received": ROWS, "stored": 0, "duplicates": ROWS}
    # Per-feature options: a method and threshold chosen for one feature are the ones used.
    expect_json(user.client.patch(f"{base}/monitors/churn",
                                  json={"config": {"features": {"a": {"method": "psi", "threshold": 0.5}}}}))
    report = expect_json(user.client.get(f"{base}/monitors/churn/drift"))
    a = next(f for f in report["features"] if f["feature"] == "a")
    assert a["method"] == "psi" and a["threshold"] == 0.5 and report["rows"] == ROWS


def test_two_windows_compare_and_csv_records(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(5)
    create_monitor(user, base, "orders")
    t0 = now_ms() - 2 * 3_600_000
    early = {"records": [{"id": f"e{i}", "timestamp": t0, "features": r} for i, r in enumerate(frame(rng, 800))]}
    expect_json(user.client.post(f"{base}/monitors/orders/records", json=early))
    # CSV: special columns id and timestamp, the rest are features.
    rows = frame(rng, 800, shift=0.0)
    lines = ["id,timestamp,a,b,c,flag"] + [f"l{i},{now_ms()},{r['a']},{r['b'] + 3},{r['c']},{r['flag']}"
                                           for i, r in enumerate(rows)]
    resp = user.client.post(f"{base}/monitors/orders/records", content="\n".join(lines),
                            headers={"content-type": "text/csv"})
    assert expect_json(resp)["stored"] == 800
    # Without a reference, the current hour is compared with the window two hours ago.
    params = {"from": now_ms() - 600_000, "to": now_ms() + 60_000,
              "baseline_from": t0 - 60_000, "baseline_to": t0 + 60_000}
    report = drift_when_rows(user, base, "orders", 800, **params)
    assert report["features"][0]["feature"] == "b" and report["features"][0]["drifted"], __import__("json").dumps(report)[:3000]
    # flag came as "0"/"1" labels in JSON and as numbers in the CSV: not merged, counted, not tested.
    assert report["unmergeable_features"] >= 1
    assert next(f for f in report["features"] if f["feature"] == "flag")["skipped"]
    expect_error(user.client.get(f"{base}/monitors/orders/drift"), 409)  # no reference, no baseline


def owner_metrics(user) -> str:
    return user.client.get("/metrics").text


def test_service_series_and_evaluated_series(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(3)
    create_monitor(user, base, "svc", evaluation_minutes=1, window_minutes=10)
    set_reference(user, base, "svc", frame(rng, 500))
    expect_json(user.client.post(f"{base}/monitors/svc/records", json=records(frame(rng, 500, 2.0), "s")))
    drift_when_rows(user, base, "svc", 500)
    series = expect_json(user.client.get(f"{base}/monitors/svc/service", params={"resolution": 60}))
    assert series["total"]["requests"] == 500 and series["resolution"] == 60
    assert sum(b["requests"] for b in series["buckets"]) == 500

    # The evaluation job stores the drift share and each feature's score as series.
    def evaluated():
        s = expect_json(user.client.get(f"{base}/monitors/svc/series", params={"name": "drift_score:*"}))
        return "drift_score:b" in s["series"]

    wait_until(evaluated, timeout=20, interval=0.5, what="the evaluation job's series")
    share = expect_json(user.client.get(f"{base}/monitors/svc/series", params={"name": "drift_share"}))
    assert share["series"]["drift_share"][-1][1] > 0
    # Data quality of the same evaluation: a series per feature and a gauge in /metrics.
    quality = expect_json(user.client.get(f"{base}/monitors/svc/series", params={"name": "out_of_range_share:*"}))
    assert quality["series"]["out_of_range_share:b"][-1][1] > 0.05  # b moved two deviations up
    metrics = owner_metrics(user)
    assert 'cairn_monitor_out_of_range_share{monitor="svc"' in metrics and 'feature="b"}' in metrics
    assert 'cairn_monitor_missing_share{monitor="svc"' in metrics and "cairn_monitor_new_category_share{" in metrics
    csv = user.client.get(f"{base}/monitors/svc/service", params={"format": "csv", "resolution": 60})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "requests,500" in csv.text


def test_labels_give_performance_with_coverage(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(9)
    create_monitor(user, base, "clf", task="classification")
    rows = frame(rng, 200)
    predictions = [int(r["a"] > 0) for r in rows]
    expect_json(user.client.post(f"{base}/monitors/clf/records", json=records(rows, "p", predictions)))
    truth = [int(r["a"] + 0.3 * r["b"] > 0) for r in rows]
    labelled = 150
    body = {"labels": [{"id": f"p-{i}", "label": truth[i]} for i in range(labelled)]}
    assert expect_json(user.client.post(f"{base}/monitors/clf/labels", json=body)) == {"received": 150, "matched": 150}
    perf = expect_json(user.client.get(f"{base}/monitors/clf/performance"))
    total = perf["total"]
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

    t, y = truth[:labelled], predictions[:labelled]
    assert total["labelled"] == labelled and total["records"] == 200
    assert total["label_coverage"] == pytest.approx(0.75)
    assert total["accuracy"] == pytest.approx(accuracy_score(t, y))
    assert total["precision"] == pytest.approx(precision_score(t, y))
    assert total["recall"] == pytest.approx(recall_score(t, y))
    assert total["f1"] == pytest.approx(f1_score(t, y))
    assert sum(sum(row) for row in total["confusion_matrix"]) == labelled


def test_regression_performance(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(4)
    create_monitor(user, base, "reg")
    rows = frame(rng, 100)
    predictions = [r["a"] * 2 + 0.5 for r in rows]
    expect_json(user.client.post(f"{base}/monitors/reg/records", json=records(rows, "q", predictions)))
    truth = [r["a"] * 2 + 0.1 * r["b"] + 0.5 for r in rows]
    expect_json(user.client.post(f"{base}/monitors/reg/labels",
                                 json={"labels": [{"id": f"q-{i}", "label": v} for i, v in enumerate(truth)]}))
    total = expect_json(user.client.get(f"{base}/monitors/reg/performance"))["total"]
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    assert total["mae"] == pytest.approx(mean_absolute_error(truth, predictions))
    assert total["rmse"] == pytest.approx(mean_squared_error(truth, predictions) ** 0.5)
    assert total["r2"] == pytest.approx(r2_score(truth, predictions))


def test_quality_counts_missing_and_out_of_range(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(8)
    create_monitor(user, base, "dq")
    set_reference(user, base, "dq", frame(rng, 500))
    rows = frame(rng, 100)
    for r in rows[:20]:
        r["a"] = None
    for r in rows[20:30]:
        r["b"] = 1e6  # far outside the reference
    for r in rows[30:35]:
        r["c"] = "purple"  # a category the reference never had
    expect_json(user.client.post(f"{base}/monitors/dq/records", json=records(rows, "d")))
    seen = {}

    def ready():
        seen["q"] = expect_json(user.client.get(f"{base}/monitors/dq/quality"))
        return seen["q"]["rows"] >= 100

    wait_until(ready, timeout=20, interval=0.3, what="quality profiled")
    features = {f["feature"]: f for f in seen["q"]["features"]}
    assert features["a"]["missing"] == 20 and features["a"]["missing_share"] == pytest.approx(0.2)
    assert features["b"]["out_of_range"] == 10
    assert features["c"]["new_categories"] == {"purple": 5}


def test_bad_input_is_refused_whole(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(1)
    create_monitor(user, base, "strict")
    set_reference(user, base, "strict", frame(rng, 300))
    good = records(frame(rng, 3), "g")
    expect_json(user.client.post(f"{base}/monitors/strict/records", json=good))
    client = user.client

    def refused(body, field, **kw):
        expect_error(client.post(f"{base}/monitors/strict/records", json=body, **kw), 422, field=field)

    bad = records(frame(rng, 3), "x")
    bad["records"][2]["features"]["unknown"] = 1
    refused(bad, "records[2].features.unknown")
    bad = records(frame(rng, 3), "x")
    bad["records"][1]["features"]["a"] = "text"
    refused(bad, "records[1].features.a")
    bad = records(frame(rng, 3), "x")
    bad["records"][0]["timestamp"] = 86_400_000  # 1970
    refused(bad, "records[0].timestamp")
    bad = records(frame(rng, 3), "x")
    bad["records"][0]["features"]["a"] = [1, 2]
    refused(bad, "records[0].features.a")
    refused({"records": [{"features": {"a": 1.0}}] * 10_001}, "records")
    refused({"records": []}, "records")
    expect_error(client.post(f"{base}/monitors/strict/records", content=b"{nope", headers={"content-type": "application/json"}), 400)
    expect_error(client.post(f"{base}/monitors/strict/labels", json={"labels": [{"id": "g-0"}]}), 422, field="labels[0].label")
    expect_error(client.patch(f"{base}/monitors/strict", json={"config": {"method": "magic"}}), 422, field="config.method")
    expect_error(client.patch(f"{base}/monitors/strict", json={"config": {"drift_share": 2}}), 422, field="config.drift_share")
    expect_error(client.get(f"{base}/monitors/strict/service", params={"from": 10, "to": 5}), 422, field="from")
    expect_error(client.get(f"{base}/monitors/strict/service", params={"resolution": 7}), 422, field="resolution")
    # Nothing of the refused batches was stored.
    stored = expect_json(client.get(f"{base}/monitors/strict/records"))["records"]
    assert sorted(r["id"] for r in stored) == ["g-0", "g-1", "g-2"]


def test_tenancy_and_scopes(owner, mon):
    user, org, _, base = owner
    create_monitor(user, base, "private")
    stranger = mon.signup()
    expect_error(stranger.client.get(f"{base}/monitors/private"), 404)
    # A key with only the monitor scope sends records and labels, and reads nothing.
    key = mon.make_key(user, org, scopes=["monitor"])
    sender = mon.client(key["secret"])
    body = {"records": [{"id": "k1", "features": {"a": 1.0}, "prediction": 1}]}
    assert expect_json(sender.post(f"{base}/monitors/private/records", json=body))["stored"] == 1
    expect_error(sender.get(f"{base}/monitors/private/drift"), 403)
    reader = mon.client(mon.make_key(user, org, scopes=["read"])["secret"])
    expect_error(reader.post(f"{base}/monitors/private/records", json=body), 403)
    expect_error(reader.delete(f"{base}/monitors/private"), 403)


def test_deployment_predictions_are_monitored(mon, sklearn_models):  # noqa: F811
    (models, x) = sklearn_models
    user = mon.signup()
    org = mon.make_org(user)
    project = mon.make_project(user, org)
    proj = Project(mon, user, org, project)
    proj.register("scorer", models[0][1])
    proj.deploy("scorer", {"model": "scorer", "version": 1}, config={"sampling_rate": 1.0})
    proj.wait_state("scorer", "healthy")
    monitor = expect_json(user.client.get(f"{proj.base}/deployments/scorer/monitor"))
    name = monitor["name"]
    reference = [{f: float(v) for f, v in row.items()} for row in x.to_dict(orient="records")]
    expect_json(user.client.put(f"{proj.base}/monitors/{name}/reference",
                                json={"records": [{"features": r} for r in reference]}))
    # Traffic like the training data, then with f2 shifted.
    rng = np.random.default_rng(2)
    for shift in (0.0, 4.0):
        batch = x.copy()
        batch["f2"] = rng.normal(loc=shift, size=len(batch))
        for start in range(0, len(batch), 50):
            expect_json(proj.invoke("scorer", split(batch.iloc[start:start + 50])))
    seen = {}

    def profiled():
        seen["s"] = expect_json(user.client.get(f"{proj.base}/monitors/{name}/service", params={"group_by": "revision"}))
        return seen["s"]["total"]["requests"] >= 8

    wait_until(profiled, timeout=20, interval=0.3, what="gateway records profiled")
    assert seen["s"]["total"]["rows"] == 2 * len(x)
    assert all(b["revision"] == 1 for b in seen["s"]["buckets"])
    report = expect_json(user.client.get(f"{proj.base}/monitors/{name}/drift"))
    drifted = [f["feature"] for f in report["features"] if f["drifted"]]
    assert "f2" in drifted and not {"f0", "f1", "f3"} & set(drifted), report
    # Sampled requests are kept as records (one per row), so labels can join them.
    kept = expect_json(user.client.get(f"{proj.base}/monitors/{name}/records", params={"limit": 10_000}))["records"]
    assert len(kept) == 2 * len(x) and set(kept[0]["features"]) == set(FEATURES)
    # Records for a deployment's monitor come from its gateway only.
    expect_error(user.client.post(f"{proj.base}/monitors/{name}/records",
                                  json={"records": [{"features": {"f0": 1.0}}]}), 409)
    metrics = mon.client().get("/metrics").text
    assert "cairn_monitoring_profiled_total" in metrics and 'cairn_job_runs_total{job="monitoring.flush"}' in metrics


def test_traffic_before_the_reference_does_not_break_the_report(owner):
    user, _, _, base = owner
    rng = np.random.default_rng(21)
    create_monitor(user, base, "late-ref")
    expect_json(user.client.post(f"{base}/monitors/late-ref/records", json=records(frame(rng, 300), "early")))
    seen = {}

    def flushed():
        seen["s"] = expect_json(user.client.get(f"{base}/monitors/late-ref/service"))
        return seen["s"]["total"]["requests"] >= 300

    wait_until(flushed, timeout=20, interval=0.3, what="records before the reference profiled")
    set_reference(user, base, "late-ref", frame(rng, 1200))
    expect_json(user.client.post(f"{base}/monitors/late-ref/records", json=records(frame(rng, 600, 1.5), "late")))
    report = drift_when_rows(user, base, "late-ref", 900)
    # The numeric features of the earlier buckets were binned without the reference: left out, counted.
    assert report["unmergeable_features"] >= 1
    assert [f["feature"] for f in report["features"] if f["drifted"]] == ["b"], __import__("json").dumps(report)[:2500]


def test_a_live_dashboard_hears_each_change_over_server_sent_events(owner, mon):
    """`.../events` pushes an `update` when the monitor's statistics change, so the dashboard
    refetches then instead of polling; it needs the monitor's read permission like any report."""
    import queue
    import threading

    user, _, _, base = owner
    rng = np.random.default_rng(11)
    create_monitor(user, base, "live")
    events: queue.Queue = queue.Queue()

    def follow():
        try:
            read_events()
        except Exception as e:  # noqa: BLE001 (handed to the test's thread)
            events.put(("error", repr(e), ""))

    def read_events():
        # A plain client: the suite's own reads every body in a hook, which never ends for a stream.
        plain = httpx.Client(base_url=str(user.client.base_url),
                             headers={"Authorization": user.client.headers["authorization"]})
        with plain, plain.stream("GET", f"{base}/monitors/live/events", timeout=30) as resp:
            events.put(("status", resp.status_code, resp.headers.get("content-type", "")))
            name = None
            for line in resp.iter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name:
                    events.put((name, line.split(":", 1)[1].strip()))
                    if name == "update":
                        return

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    status = events.get(timeout=10)
    assert status[1] == 200 and status[2].startswith("text/event-stream"), status
    assert events.get(timeout=10)[0] == "ready"
    time.sleep(2.5)  # the watch has taken its baseline
    expect_json(user.client.post(f"{base}/monitors/live/records", json=records(frame(rng, 20), "live")))
    name, data = events.get(timeout=20)
    assert name == "update" and json.loads(data)["written_at"] > 0
    reader.join(timeout=5)

    stranger = mon.signup()
    expect_error(stranger.client.get(f"{base}/monitors/live/events"), 404)
    # timeout_seconds bounds the stream, as a Kubernetes watch's timeoutSeconds does.
    started = time.monotonic()
    bounded = user.client.get(f"{base}/monitors/live/events", params={"timeout_seconds": 1}, timeout=15)
    assert bounded.status_code == 200 and "event: ready" in bounded.text
    assert 0.9 <= time.monotonic() - started < 10
    expect_error(user.client.get(f"{base}/monitors/live/events", params={"timeout_seconds": 0}), 400)
    assert "cairn_monitor_live_watchers" in mon.client().get("/metrics").text


def test_an_hour_rolled_up_equals_its_minutes(owner, mon):
    """The rollup job folds closed minutes into an hour row; a report read from that row equals the
    same report merged from the minutes it folded (counts exactly, drift scores to 1e-9)."""
    user, _, _, base = owner
    rng = np.random.default_rng(21)
    create_monitor(user, base, "rolled")
    set_reference(user, base, "rolled", frame(rng, 400))
    hour = (now_ms() // 3_600_000 - 3) * 3_600_000  # a closed hour, three hours back
    rows = frame(rng, 720, 0.7)
    body = {"records": [{"id": f"h-{i}", "timestamp": hour + i * 5_000, "features": r, "prediction": i % 2}
                        for i, r in enumerate(rows)]}  # one every 5 s: all sixty minutes
    expect_json(user.client.post(f"{base}/monitors/rolled/records", json=body))
    monitor_id = expect_json(user.client.get(f"{base}/monitors/rolled"))["id"]

    def rolled():
        found = mon.db().query("SELECT requests FROM monitor_buckets WHERE monitor_id = ? AND resolution = 3600"
                               " AND writer = 'rollup'", (monitor_id,))
        return found and sum(r["requests"] for r in found) == len(rows)

    wait_until(rolled, timeout=30, interval=0.5, what="the hour rolled up from its minutes")
    span = {"from": hour, "to": hour + 3_600_000}
    by_minute = expect_json(user.client.get(f"{base}/monitors/rolled/drift", params={**span, "resolution": 60}))
    by_hour = expect_json(user.client.get(f"{base}/monitors/rolled/drift", params={**span, "resolution": 3600}))
    assert by_minute["rows"] == by_hour["rows"] == len(rows)
    minute_scores = {f["feature"]: f for f in by_minute["features"]}
    for f in by_hour["features"]:
        twin = minute_scores[f["feature"]]
        assert f["drifted"] == twin["drifted"] and f["method"] == twin["method"]
        assert abs(f["score"] - twin["score"]) <= 1e-9, (f, twin)
    service_minute = expect_json(user.client.get(f"{base}/monitors/rolled/service", params={**span, "resolution": 60}))
    service_hour = expect_json(user.client.get(f"{base}/monitors/rolled/service", params={**span, "resolution": 3600}))
    assert service_minute["total"] == service_hour["total"]
    assert len(service_minute["buckets"]) == 60 and len(service_hour["buckets"]) == 1


def test_a_month_of_minute_buckets_is_one_call(server_factory, backend, cairn_on):
    """30 days of 1-minute buckets (43,200 of them) answer one drift call and one service call, merged
    whole; no report needs the raw records. The minutes are copies of one real bucket written by
    the server, placed back in time in the database (the API takes records at most 7 days old).
    Its own server: the rollup job then folds a month of minutes, which would slow its neighbours."""
    if "asan" in os.environ.get("CAIRN_BIN", ""):
        pytest.skip("decoding 43,200 profiles under AddressSanitizer takes minutes; the release run checks it")
    server = server_factory.start(backend, name=f"month-{backend}", extra_args=("--monitoring-interval-seconds", "1"))
    mon = cairn_on(server)
    user = mon.signup()
    org = mon.make_org(user)
    base = project_path(org, mon.make_project(user, org))
    rng = np.random.default_rng(30)
    create_monitor(user, base, "month")
    set_reference(user, base, "month", frame(rng, 300))
    minute = now_ms() // 60_000 * 60_000
    expect_json(user.client.post(f"{base}/monitors/month/records", json=records(frame(rng, 5, 1.0), "m")))
    monitor_id = expect_json(user.client.get(f"{base}/monitors/month"))["id"]
    db = mon.db()
    wait_until(lambda: db.query("SELECT 1 FROM monitor_buckets WHERE monitor_id = ? AND resolution = 60",
                                (monitor_id,)), timeout=20, interval=0.3, what="the first minute flushed")
    minutes = 30 * 24 * 60
    db.execute(
        "INSERT INTO monitor_buckets (monitor_id, resolution, start_at, revision, writer, requests, errors, service,"
        " profile, written_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
        " SELECT b.monitor_id, 60, b.start_at - CAST(n.i AS BIGINT) * 60000, b.revision, 'seed', b.requests, b.errors, b.service,"
        " b.profile, b.written_at FROM n, (SELECT * FROM monitor_buckets WHERE monitor_id = ? AND resolution = 60"
        " ORDER BY start_at LIMIT 1) b",
        (minutes - 1, monitor_id))
    span = {"from": minute - (minutes - 1) * 60_000, "to": minute + 60_000}
    started = time.monotonic()
    drift = expect_json(user.client.get(f"{base}/monitors/month/drift", params=span))
    service = expect_json(user.client.get(f"{base}/monitors/month/service", params=span))
    print(f"a month of minute buckets: drift and service in {time.monotonic() - started:.2f} s")
    assert drift["rows"] == service["total"]["requests"] == 5 * minutes
    assert "b" in [f["feature"] for f in drift["features"] if f["drifted"]]
    server.stop()


def test_the_training_dataset_a_run_logged_becomes_the_reference(owner, mon, monkeypatch, tmp_path):
    """The stock mlflow client logs the training CSV as an artifact and as the run's input
    (`log_input`, context training); the monitor takes it as its reference by the run's id. A
    dataset whose rows Cairn does not hold is refused naming why, and another project's run is not found."""
    import mlflow
    import pandas as pd

    user, org, project, base = owner
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"{mon.server.url}/p/{org['slug']}/{project['slug']}")
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", user.access_token)
    rng = np.random.default_rng(4)
    train = pd.DataFrame(frame(rng, 300))
    csv = tmp_path / "train.csv"
    train.to_csv(csv, index=False)
    tracking = f"{mon.server.url}/p/{org['slug']}/{project['slug']}"
    experiment = mlflow.set_experiment("churn-training")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(csv))
        # The artifact's address through the tracking server's proxy: an HTTP source mlflow.data accepts.
        source = (f"{tracking}/api/2.0/mlflow-artifacts/artifacts/{experiment.experiment_id}/{run.info.run_id}"
                  "/artifacts/train.csv")
        mlflow.log_input(mlflow.data.from_pandas(train, source=source, name="train"), context="training")
        mlflow.log_input(mlflow.data.from_pandas(train.head(20), name="holdout"), context="evaluation")
    run_id = run.info.run_id

    create_monitor(user, base, "from-run")
    url = f"{base}/monitors/from-run/reference"
    summary = expect_json(user.client.put(url, json={"dataset": {"run_id": run_id}}))
    assert summary["source"] == "dataset" and summary["rows"] == 300 and "'train'" in summary["dataset"]
    assert summary["features"]["a"] == "numeric" and summary["features"]["c"] == "categorical"
    err = expect_error(user.client.put(url, json={"dataset": {"run_id": run_id, "name": "holdout"}}), 422,
                       field="dataset")
    assert "artifact" in err["message"]
    expect_error(user.client.put(url, json={"dataset": {"run_id": "f" * 32}}), 422, field="dataset.run_id")
    expect_error(user.client.put(url, json={"dataset": {"run": run_id}}), 422, field="dataset.run")
    # The reference stands: shifted traffic drifts from it.
    expect_json(user.client.post(f"{base}/monitors/from-run/records",
                                 json={"records": [{"id": f"s{i}", "timestamp": now_ms(),
                                                    "features": {"a": r["a"], "b": r["b"], "c": r["c"],
                                                                 "flag": int(r["flag"])}}
                                                   for i, r in enumerate(frame(rng, 300, 3.0))]}))
    report = drift_when_rows(user, base, "from-run", 300)
    assert "b" in [f["feature"] for f in report["features"] if f["drifted"]]

    stranger = mon.signup()
    s_org = mon.make_org(stranger)
    s_base = project_path(s_org, mon.make_project(stranger, s_org))
    create_monitor(stranger, s_base, "theirs")
    expect_error(stranger.client.put(f"{s_base}/monitors/theirs/reference", json={"dataset": {"run_id": run_id}}),
                 422, field="dataset.run_id")


def test_records_export_as_csv_one_line_each(owner):
    """`records?format=csv`: a line per record with a column per feature, prediction field and the
    label; cells with commas, quotes or line breaks are quoted, missing values empty."""
    import csv as csv_module

    user, _, _, base = owner
    create_monitor(user, base, "export")
    t = now_ms()
    body = {"records": [
        {"id": "r1", "timestamp": t, "features": {"a": 1.5, "c": 'red, "dark"'}, "prediction": {"p": 0.7, "k": "x"}},
        {"id": "r2", "timestamp": t, "features": {"c": "line\nbreak"}, "prediction": {"p": 0.1, "k": "y"}},
    ]}
    expect_json(user.client.post(f"{base}/monitors/export/records", json=body))
    expect_json(user.client.post(f"{base}/monitors/export/labels", json={"labels": [{"id": "r1", "label": "x"}]}))
    resp = user.client.get(f"{base}/monitors/export/records", params={"format": "csv"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv_module.DictReader(io.StringIO(resp.text)))
    assert list(rows[0]) == ["id", "timestamp", "revision", "a", "c", "prediction.k", "prediction.p", "label"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["r1"]["c"] == 'red, "dark"' and by_id["r1"]["a"] == "1.5" and by_id["r1"]["label"] == "x"
    assert by_id["r2"]["c"] == "line\nbreak" and by_id["r2"]["a"] == "" and by_id["r2"]["prediction.k"] == "y"
    assert by_id["r2"]["label"] == ""
