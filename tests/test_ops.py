"""Ops endpoints, request ids, unknown routes, and the route contract (openapi.json == router)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from helpers import REPO, expect_error, expect_json, require_cairn_bin, uid, wait_until

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def test_healthz_answers_ok(api):
    assert expect_json(api.get("/healthz")) == {"status": "ok"}


def test_readyz_reports_database_and_migrations_ready(api):
    assert expect_json(api.get("/readyz")) == {"status": "ready", "database": "ok", "migrations": "ok"}


def _samples(text: str) -> list:
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def test_metrics_count_requests_by_route_template_not_raw_path(cairn, api, signup, make_org):
    user = signup()
    org = make_org(user)
    expect_json(user.client.get(f"/api/v1/orgs/{org['slug']}"), 200)

    def counted():
        resp = api.get("/metrics")
        assert resp.status_code == 200
        for s in _samples(resp.text):
            if (
                s.name == "cairn_http_requests_total"
                and s.labels.get("route") == "/api/v1/orgs/{org}"
                and s.labels.get("method") == "GET"
                and s.labels.get("status") == "200"
                and s.value >= 1
            ):
                return resp
        return None

    resp = wait_until(counted, timeout=5, what="cairn_http_requests_total for GET /api/v1/orgs/{org}")
    assert resp.headers["content-type"].startswith("text/plain")
    # The label is the template: raw paths would make one time series per organization.
    assert org["slug"] not in resp.text
    assert org["id"] not in resp.text


def test_metrics_expose_latency_histogram_pool_gauges_and_memory(api):
    api.get("/healthz")
    resp = api.get("/metrics")
    assert resp.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(resp.text)}
    histogram = families.get("cairn_http_request_duration_seconds")
    assert histogram is not None and histogram.type == "histogram", sorted(families)
    names = {s.name for s in histogram.samples}
    assert {
        "cairn_http_request_duration_seconds_bucket",
        "cairn_http_request_duration_seconds_sum",
        "cairn_http_request_duration_seconds_count",
    } <= names
    assert any(s.labels.get("le") == "+Inf" for s in histogram.samples)
    pool = [f for name, f in families.items() if name.startswith("cairn_db_pool_")]
    assert any(f.type == "gauge" for f in pool), sorted(families)
    rss = families.get("process_resident_memory_bytes")
    assert rss is not None and rss.samples[0].value > 0


def test_openapi_document_is_the_yaml_contract_as_json(api):
    doc = expect_json(api.get("/api/openapi.json"))
    source = REPO / "api" / "openapi.yaml"
    if not source.exists():
        pytest.fail(f"{source} is missing")
    expected = yaml.safe_load(source.read_text())
    assert doc["openapi"].startswith("3.1")
    # json round trip: YAML and JSON agree on types only after both become JSON values.
    assert json.loads(json.dumps(expected)) == doc, "served /api/openapi.json differs from api/openapi.yaml"


def test_docs_page_renders_without_external_assets(api):
    resp = api.get("/docs")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', resp.text)
    external = [r for r in refs if re.match(r"^(https?:)?//", r)]
    assert not external, f"/docs loads assets from elsewhere: {external}"
    for ref in refs:
        if ref.startswith("#") or ref.startswith("data:"):
            continue
        path = ref if ref.startswith("/") else "/" + ref
        assert api.get(path).status_code == 200, f"/docs references {ref}, which does not load"


def test_request_id_is_echoed_when_sane(cairn, api):
    rid = f"e2e-{uid()}:a.b_c"
    resp = api.get("/healthz", headers={"X-Request-Id": rid})
    assert resp.headers["x-request-id"] == rid
    err = expect_error(api.get(f"/api/v1/no-such-route-{uid()}", headers={"X-Request-Id": rid}), 404)
    assert err["request_id"] == rid


def test_request_id_is_generated_when_absent(api):
    first = api.get("/healthz").headers.get("x-request-id")
    second = api.get("/healthz").headers.get("x-request-id")
    assert first and second and first != second
    assert SANE_REQUEST_ID.match(first)


@pytest.mark.parametrize(
    "given",
    ["x" * 129, "has space", "semi;colon", "slash/ed", "quote\"d", "ünïcode"],
    ids=["too-long", "space", "semicolon", "slash", "quote", "non-ascii"],
)
def test_insane_request_id_is_replaced(api, given):
    resp = api.get("/healthz", headers={"X-Request-Id": given.encode("utf-8")})
    got = resp.headers.get("x-request-id")
    assert got and got != given
    assert SANE_REQUEST_ID.match(got), got


def test_request_id_128_characters_is_still_sane(api):
    rid = "r" * 128
    assert api.get("/healthz", headers={"X-Request-Id": rid}).headers["x-request-id"] == rid


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/api/v1/no-such-thing"),
        ("POST", "/api/v1/no-such-thing"),
        ("GET", "/api/v1/orgs/some-org/no-such-collection"),
        ("DELETE", "/api/v1/auth/nope"),
    ],
)
def test_unknown_route_is_404_in_the_error_shape(api, method, path):
    err = expect_error(api.request(method, path), 404)
    assert err["code"] == "not_found"


def test_openapi_paths_match_the_router_route_table(api):
    """Every documented (method, path) is routed and every route is documented: nothing ignored."""
    doc = expect_json(api.get("/api/openapi.json"))
    documented = {
        (method.upper(), path) for path, ops in doc["paths"].items() for method in ops if method in HTTP_METHODS
    }
    proc = subprocess.run([str(require_cairn_bin()), "routes"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"`cairn routes` exited {proc.returncode}: {proc.stderr}"
    table = json.loads(proc.stdout)
    routed_list = [(r["method"].upper(), r["path"]) for r in table]
    duplicates = sorted({r for r in routed_list if routed_list.count(r) > 1})
    assert not duplicates, f"the router registers these twice: {duplicates}"
    routed = set(routed_list)
    undocumented = sorted(routed - documented)
    unrouted = sorted(documented - routed)
    assert not undocumented and not unrouted, (
        f"routed but not in openapi.json: {undocumented}\nin openapi.json but not routed: {unrouted}"
    )
