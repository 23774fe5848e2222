"""Deployments in operation: canary and shadow traffic, the response cache (in process and shared
through Redis by replicas), per-deployment rate limits, autoscaling under load and the Kubernetes
target applying to a cluster. Real models in real runtime workers, as in test_deployments.py."""

from __future__ import annotations

import json
import os
import time

import pytest

from deployment_support import Project, proj, save_pausing_model, sklearn_models, split  # noqa: F401 (fixtures)
from helpers import expect_error, expect_json, expect_status, org_path, uid, wait_until


def test_the_response_cache_answers_repeats_until_bypassed(proj, sklearn_models):
    (model_a, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("cached", {"model": "m", "version": 1}, config={"cache": {"enabled": True, "ttl_seconds": 60}})
    proj.wait_state("cached", "healthy")
    body = split(x.iloc[:5])
    first = proj.invoke("cached", body)
    assert first.headers["x-cairn-cache"] == "miss"
    again = proj.invoke("cached", body)
    assert again.headers["x-cairn-cache"] == "hit" and again.json() == first.json()
    assert first.headers["x-cairn-revision"] == again.headers["x-cairn-revision"] == "1"
    assert again.json() == {"predictions": model_a.predict(x.iloc[:5]).tolist()}
    assert proj.invoke("cached", split(x.iloc[:6])).headers["x-cairn-cache"] == "miss"
    bypass = proj.invoke("cached", body, headers={"Cache-Control": "no-cache"})
    assert "x-cairn-cache" not in bypass.headers  # the cache was not consulted
    assert bypass.json() == first.json()
    stats = expect_json(proj.client.get(f"{proj.base}/deployments/cached/stats"))
    assert stats["totals"]["cache_hits"] >= 1
    # A stopped deployment's answers leave the cache: after a restart the same input is computed anew.
    expect_json(proj.client.post(f"{proj.base}/deployments/cached/stop"))
    proj.wait_state("cached", "stopped")
    expect_json(proj.client.post(f"{proj.base}/deployments/cached/start"))
    proj.wait_state("cached", "healthy")
    assert proj.invoke("cached", body).headers["x-cairn-cache"] == "miss"


def test_a_canary_split_and_a_shadow_revision(proj, sklearn_models):
    """Two revisions serve by weight; a shadow revision gets copies whose answers are compared with
    the served ones and never returned."""
    (model_a, path_a), (model_b, path_b) = sklearn_models[0]
    x = sklearn_models[1].iloc[:8]
    proj.register("m", path_a)
    proj.register("m", path_b)
    proj.deploy("split", {"model": "m", "version": 1})
    proj.wait_state("split", "healthy")
    expect_json(proj.client.patch(f"{proj.base}/deployments/split", json={"source": {"model": "m", "version": 2}}))
    answers = {"a": model_a.predict(x).tolist(), "b": model_b.predict(x).tolist()}
    assert answers["a"] != answers["b"]
    url = f"{proj.base}/deployments/split/traffic"
    for bad in [{"routes": [{"revision": 1, "weight": 60}, {"revision": 2, "weight": 30}]},
                {"routes": [{"revision": 9, "weight": 100}]},
                {"routes": [{"revision": 1, "weight": 100}], "shadow": {"revision": 2, "percent": 101}}]:
        expect_error(proj.client.put(url, json=bad), 422)

    expect_json(proj.client.put(url, json={"routes": [{"revision": 1, "weight": 50}, {"revision": 2, "weight": 50}]}))
    seen = set()

    def both_answer():
        resp = proj.invoke("split", split(x))
        got = expect_json(resp)["predictions"]
        seen.add("a" if got == answers["a"] else "b" if got == answers["b"] else got)
        # The header names the revision that answered: 1 serves model a, 2 serves model b.
        assert resp.headers["x-cairn-revision"] == ("1" if got == answers["a"] else "2")
        return seen == {"a", "b"}

    wait_until(both_answer, timeout=60, interval=0.05, what="both revisions answering")
    metrics = proj.client.get("/metrics").text
    for revision in (1, 2):  # each revision has its own series
        assert f'cairn_deployment_requests_total{{deployment="split",endpoint="' in metrics
        assert f'revision="{revision}",status="ok"}}' in metrics

    # All traffic to revision 1, every request shadowed to revision 2: clients only ever get 1's
    # answers, and the comparison counts each copy as a mismatch (the models disagree).
    expect_json(proj.client.put(url, json={"routes": [{"revision": 1, "weight": 100}],
                                           "shadow": {"revision": 2, "percent": 100}}))
    wait_until(lambda: expect_json(proj.invoke("split", split(x)))["predictions"] == answers["a"], timeout=30,
               what="revision 1 alone")
    for _ in range(20):
        assert expect_json(proj.invoke("split", split(x)))["predictions"] == answers["a"]
    stats_url = f"{proj.base}/deployments/split/stats"
    wait_until(lambda: expect_json(proj.client.get(stats_url))["shadow"]["mismatches"] >= 20, timeout=30,
               what="shadow answers compared")
    assert expect_json(proj.client.get(stats_url))["shadow"]["errors"] == 0
    logs = proj.client.get(f"{proj.base}/deployments/split/logs", params={"q": "shadow revision 2 differs"})
    assert "differs from revision 1" in logs.text
    metrics = proj.client.get("/metrics").text
    assert 'cairn_deployment_shadow_requests_total{deployment="split"' in metrics


def test_a_deployment_rate_limit_answers_429_with_retry_after(proj, sklearn_models):
    (_, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("limited", {"model": "m", "version": 1},
                config={"rate_limit": {"requests_per_second": 1, "burst": 3}})
    proj.wait_state("limited", "healthy")
    statuses = [proj.invoke("limited", split(x.iloc[:1])).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:], statuses
    limited = proj.invoke("limited", split(x.iloc[:1]))
    expect_error(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    time.sleep(1.1)
    expect_status(proj.invoke("limited", split(x.iloc[:1])), 200)
    # The limit is the deployment's: it is part of its configuration and validated.
    d = proj.deployment("limited")
    assert d["config"]["rate_limit"] == {"requests_per_second": 1.0, "burst": 3}
    for bad in [{"requests_per_second": -1}, {"requests_per_second": 200_000}, {"burst": "x"}, {"per_hour": 3}]:
        expect_error(proj.client.patch(f"{proj.base}/deployments/limited", json={"config": {"rate_limit": bad}}), 422)
    # Rates above 1,000/s are kept as given (the limiter counts in microseconds).
    fast = expect_json(proj.client.patch(f"{proj.base}/deployments/limited",
                                         json={"config": {"rate_limit": {"requests_per_second": 5000, "burst": 50}}}))
    assert fast["config"]["rate_limit"] == {"requests_per_second": 5000.0, "burst": 50}


@pytest.fixture(scope="module")
def cache_replicas(server_factory, backend):
    """Two replicas (one database, one artifact store) with Redis configured."""
    redis_url = os.environ.get("CAIRN_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("CAIRN_TEST_REDIS_URL is unset (scripts/test-services.sh start; eval its env)")
    first = server_factory.start(backend, name=f"cache-a-{backend}", extra_args=("--redis-url", redis_url))
    second = server_factory.start(backend, name=f"cache-b-{backend}", database_url=first.database_url,
                                  artifacts_of=first, extra_args=("--redis-url", redis_url))
    yield first, second
    second.stop()
    first.stop()


def test_replicas_share_the_response_cache_through_redis(cairn_on, cache_replicas, sklearn_models):
    first, second = (cairn_on(server) for server in cache_replicas)
    user = first.signup()
    org = first.make_org(user)
    proj = Project(first, user, org, first.make_project(user, org))
    (model_a, path_a), x = sklearn_models[0][0], sklearn_models[1]
    proj.register("m", path_a)
    proj.deploy("shared", {"model": "m", "version": 1}, config={"cache": {"enabled": True, "ttl_seconds": 60}})
    proj.wait_state("shared", "healthy")
    on_second = second.client(user.access_token)
    wait_until(lambda: proj.invoke("shared", split(x.iloc[:1]), client=on_second).status_code == 200, timeout=90,
               what="the second replica serving")

    body = split(x.iloc[3:9])
    answered = proj.invoke("shared", body)
    assert answered.headers["x-cairn-cache"] == "miss"
    # The other replica never saw this input: its answer comes from Redis.
    from_redis = proj.invoke("shared", body, client=on_second)
    assert from_redis.headers["x-cairn-cache"] == "hit"
    assert from_redis.json() == answered.json() == {"predictions": model_a.predict(x.iloc[3:9]).tolist()}


SLOW_MODEL = '''
import time
import mlflow.pyfunc
from mlflow.models import set_model


class Slow(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        time.sleep(0.2)
        return [float(len(model_input))] * len(model_input)


set_model(Slow())
'''


def test_workers_scale_with_requests_in_flight_and_back_down(proj, tmp_path):
    """Concurrency autoscaling: more requests in flight than target_in_flight per worker start
    workers up to workers.max; once the load is gone they stop after the scale-down delay."""
    import threading

    import mlflow.pyfunc

    code = tmp_path / "slow_model.py"
    code.write_text(SLOW_MODEL)
    mlflow.pyfunc.save_model(tmp_path / "slow", python_model=str(code))
    proj.register("slow", tmp_path / "slow")
    proj.deploy("elastic", {"model": "slow", "version": 1},
                config={"workers": {"min": 1, "max": 3}, "batching": {"max_batch_size": 1},
                        "autoscaling": {"target_in_flight": 1, "scale_down_delay_seconds": 2}})
    proj.wait_state("elastic", "healthy")
    assert len(proj.deployment("elastic")["status"]["workers"]) == 1

    stop = threading.Event()
    failures = []

    def caller():
        client = proj.cairn.client(proj.user.access_token)
        while not stop.is_set():
            resp = proj.invoke("elastic", {"dataframe_split": {"columns": ["a"], "data": [[1]]}}, client=client)
            if resp.status_code != 200:
                failures.append(resp.text)

    threads = [threading.Thread(target=caller) for _ in range(6)]
    for t in threads:
        t.start()
    try:
        wait_until(lambda: len([w for w in proj.deployment("elastic")["status"]["workers"]
                                if w["state"] == "ready"]) == 3, timeout=60, what="three ready workers")
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not failures, failures[:3]
    wait_until(lambda: len(proj.deployment("elastic")["status"]["workers"]) == 1, timeout=30,
               what="back to one worker")

    def scaled():
        events = expect_json(proj.client.get(f"{proj.base}/deployments/elastic/events"))["events"]
        return [e["message"] for e in events if e["kind"] == "scaled"]

    # The event follows once the stopped workers have exited.
    wait_until(lambda: any("scaled down" in m for m in scaled()), timeout=10, what="the scale-down event")
    assert any("scaled up from 1" in m for m in scaled()), scaled()
    assert proj.deployment("elastic")["status"]["state"] == "healthy"


def test_a_rollout_answers_the_requests_the_old_revision_already_took(proj, tmp_path):
    """A new revision takes the traffic, and the old one drains: a request it accepted before the
    rollout is answered by it, not failed by stopping its worker."""
    import threading

    model = save_pausing_model(tmp_path)
    proj.register("pausing", model)
    proj.register("pausing", model)
    proj.deploy("draining", {"model": "pausing", "version": 1})
    proj.wait_state("draining", "healthy")

    answers = []
    slow = threading.Thread(target=lambda: answers.append(proj.invoke(
        "draining", {"dataframe_split": {"columns": ["seconds"], "data": [[3]]}},
        client=proj.cairn.client(proj.user.access_token))))
    slow.start()
    time.sleep(0.7)  # the request is in the old revision's worker
    expect_json(proj.client.patch(f"{proj.base}/deployments/draining",
                                  json={"source": {"model": "pausing", "version": 2}}))
    quick = {"dataframe_split": {"columns": ["seconds"], "data": [[0]]}}
    wait_until(lambda: proj.invoke("draining", quick).headers.get("x-cairn-revision") == "2", timeout=60,
               interval=0.1, what="revision 2 serving")
    slow.join()
    answered = expect_json(answers[0])
    assert answered == {"predictions": [1.0]} and answers[0].headers["x-cairn-revision"] == "1"


FAKE_KUBECTL = """#!/bin/bash
# Stands in for kubectl (no cluster here): keeps its arguments and input, answers like kubectl.
dir={dir}
n=$(ls "$dir" | grep -c '^args-')
printf '%s\\n' "$@" > "$dir/args-$n"
case " $* " in
  *" apply "*)
    cat > "$dir/stdin-$n"
    grep -q 'kind: Deployment' "$dir/stdin-$n" || {{ echo 'error: no objects passed to apply' >&2; exit 1; }}
    echo 'configmap/model-server serverside-applied'
    echo 'deployment.apps/model-server serverside-applied' ;;
  *" get deployment "*)
    [ -f "$dir/applied" ] || {{ echo 'Error from server (NotFound): deployments.apps "x" not found' >&2; exit 1; }}
    echo '{{"metadata": {{"name": "x"}}, "spec": {{"template": {{"metadata": {{"labels": {{"cairn.dev/revision": "1"}}}}}}}},
          "status": {{"replicas": 2, "updatedReplicas": 2, "readyReplicas": 1, "availableReplicas": 1,
          "conditions": [{{"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
          "message": "Deployment does not have minimum availability."}}]}}}}' ;;
esac
"""


@pytest.fixture(scope="module")
def cluster_server(server_factory, backend, tmp_path_factory):
    """A server with a kubeconfig, whose kubectl is a stand-in that records what it is asked."""
    calls = tmp_path_factory.mktemp("kubectl-calls")
    kubectl = calls.parent / f"kubectl-{uid(6)}"
    kubectl.write_text(FAKE_KUBECTL.format(dir=calls))
    kubectl.chmod(0o755)
    kubeconfig = calls.parent / "kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n")
    server = server_factory.start(backend, name=f"k8s-{backend}", extra_args=(
        "--kubeconfig", str(kubeconfig), "--kubectl", str(kubectl), "--kubernetes-namespace", "models"))
    yield server, calls, kubeconfig
    server.stop()


def test_the_kubernetes_target_applies_manifests_and_reads_the_status_back(cairn, cairn_on, cluster_server,
                                                                              sklearn_models):
    server, calls, kubeconfig = cluster_server
    on_cluster = cairn_on(server)
    user = on_cluster.signup()
    org = on_cluster.make_org(user)
    proj = Project(on_cluster, user, org, on_cluster.make_project(user, org))
    proj.register("m", sklearn_models[0][0][1])
    proj.deploy("kube", {"model": "m", "version": 1}, target="kubernetes")
    url = f"{proj.base}/deployments/kube/kubernetes"
    expect_error(proj.client.get(f"{url}/status"), 404)  # not applied yet: the cluster has none
    expect_error(proj.client.post(f"{url}/apply", json={"api_key": "not-a-key"}), 422, field="api_key")
    import base64
    import yaml

    def sent(n: int) -> dict:
        return {d["kind"]: d for d in yaml.safe_load_all((calls / f"stdin-{n}").read_text()) if d}

    def token_of(docs: dict) -> str:
        return base64.b64decode(docs["Secret"]["data"]["CAIRN_TOKEN"]).decode()

    # Without a key, Cairn issues the pods one: read the model, report requests, nothing else.
    applied = expect_json(proj.client.post(f"{url}/apply", json={}))
    assert applied["namespace"] == "models" and applied["revision"] == 1
    assert "deployment.apps/model-server serverside-applied" in applied["output"]
    issued = applied["api_key"]
    assert issued["name"] == "model-server pods of kube" and "secret" not in issued
    # The first call asked for the status; the second applied.
    args = (calls / "args-1").read_text().split("\n")
    assert args[:4] == ["--kubeconfig", str(kubeconfig), "--namespace", "models"]
    assert "apply" in args and "--server-side" in args
    first = sent(1)
    first_token = token_of(first)
    assert first_token.startswith(f"cairn_{issued['prefix']}_")
    keys = expect_json(user.client.get(f"{org_path(org)}/api-keys"))["items"]
    pods_key = next(k for k in keys if k["id"] == issued["id"])
    assert sorted(pods_key["scopes"]) == ["monitor", "read"] and pods_key["project_id"] == proj.project["id"]
    pods = on_cluster.client(first_token)
    assert pods.get(f"{proj.base}/deployments/kube/access").json()["predict"] is False  # it may not predict
    expect_error(pods.delete(f"{proj.base}/deployments/kube"), 403)

    # Applying again rotates that key: the old secret works while the pods roll (the Secret's hash
    # is in the pod template, so they do roll).
    again = expect_json(proj.client.post(f"{url}/apply", json={}))
    assert again["api_key"]["id"] == issued["id"] and again["api_key"]["prefix"] != issued["prefix"]
    second = sent(2)
    assert token_of(second) != first_token
    checksum = "cairn.dev/secret-checksum"
    annotations = [d["Deployment"]["spec"]["template"]["metadata"]["annotations"] for d in (first, second)]
    assert annotations[0][checksum] != annotations[1][checksum]
    expect_json(pods.get(f"{proj.base}/deployments/kube/access"))
    expect_json(on_cluster.client(token_of(second)).get(f"{proj.base}/deployments/kube/access"))

    # A key the caller gives goes into the Secret as given.
    key = on_cluster.make_key(user, org, scopes=["read", "monitor"])
    applied = expect_json(proj.client.post(f"{url}/apply", json={"api_key": key["secret"]}))
    assert applied["api_key"] is None
    docs = sent(3)
    assert token_of(docs) == key["secret"]
    assert docs["Deployment"]["metadata"]["namespace"] == "models"
    events = expect_json(proj.client.get(f"{proj.base}/deployments/kube/events"))["events"]
    assert any(e["kind"] == "kubernetes_applied" for e in events)

    (calls / "applied").touch()
    status = expect_json(proj.client.get(f"{url}/status"))
    assert status["replicas"] == {"desired": 2, "updated": 2, "ready": 1, "available": 1}
    assert status["revision"] == "1" and status["conditions"][0]["reason"] == "MinimumReplicasUnavailable"

    # Without a cluster configured, the target says so and points at the manifests.
    owner = cairn.signup()
    owner_org = cairn.make_org(owner)
    plain = Project(cairn, owner, owner_org, cairn.make_project(owner, owner_org))
    plain.register("m", sklearn_models[0][0][1])
    plain.deploy("kube", {"model": "m", "version": 1}, target="kubernetes")
    message = expect_error(plain.client.get(f"{plain.base}/deployments/kube/kubernetes/status"), 409)
    assert "manifests" in json.dumps(message)
