"""Onboarding (issue 14): the first steps of an organization as the web app's checklist reads them,
feedback from members to admins, and the web app's error reports, grouped and counted."""

from __future__ import annotations

import re

import httpx
import pytest

from helpers import expect_error, expect_json, org_path, project_path, uid

VERSION = "0.1.0-test"


def steps_of(client, org) -> dict:
    body = expect_json(client.get(f"{org_path(org)}/onboarding"))
    return {s["id"]: s["done"] for s in body["steps"]}, body["first_project"]


def test_the_checklist_ticks_each_step_as_it_is_taken(cairn):
    admin = cairn.signup()
    org = cairn.make_org(admin)
    steps, first = steps_of(admin.client, org)
    assert list(steps) == ["create_project", "log_run", "register_model", "deploy_model", "create_api_key",
                           "invite_teammate"]
    assert not any(steps.values()) and first is None

    project = cairn.make_project(admin, org)
    steps, first = steps_of(admin.client, org)
    assert steps["create_project"] and first == {"id": project["id"], "slug": project["slug"], "name": project["name"]}

    mlflow = f"/p/{org['slug']}/{project['slug']}/api/2.0/mlflow"
    expect_json(admin.client.post(f"{mlflow}/runs/create", json={"experiment_id": "0"}))
    base = project_path(org, project)
    expect_json(admin.client.post(f"{base}/models", json={"name": "first-model"}), 201)
    expect_json(admin.client.post(f"{base}/models/first-model/versions",
                                  files=[("file", ("MLmodel", b"flavors: {}\n"))]), 201)
    steps, _ = steps_of(admin.client, org)
    assert steps["log_run"] and steps["register_model"] and not steps["deploy_model"]

    expect_json(admin.client.post(f"{base}/deployments", json={
        "name": "first", "environment": "development", "target": "kubernetes",
        "source": {"model": "first-model", "version": 1}}), 201)
    cairn.make_key(admin, org)
    steps, _ = steps_of(admin.client, org)
    assert steps["deploy_model"] and steps["create_api_key"] and not steps["invite_teammate"]
    cairn.invite(admin, org, f"teammate-{uid(6)}@example.com")
    steps, _ = steps_of(admin.client, org)
    assert all(steps.values()), steps


def test_the_checklist_counts_only_what_the_member_can_see(cairn):
    admin = cairn.signup()
    org = cairn.make_org(admin)
    developer = cairn.signup()
    cairn.add_member(admin, org, developer, "developer")
    cairn.make_project(admin, org, visibility="private")
    steps, first = steps_of(developer.client, org)
    assert not steps["create_project"] and first is None
    assert steps["invite_teammate"]  # the admin is their teammate
    expect_error(cairn.signup().client.get(f"{org_path(org)}/onboarding"), 404)


def test_feedback_goes_to_the_admins_with_its_page_and_version(cairn):
    admin = cairn.signup()
    org = cairn.make_org(admin)
    developer = cairn.signup()
    cairn.add_member(admin, org, developer, "developer")
    sent = expect_json(developer.client.post(f"{org_path(org)}/feedback", json={
        "message": "The runs table is great", "page": "/orgs/x/runs?token=secret#top", "version": VERSION}), 201)
    assert sent["page"] == "/orgs/x/runs" and sent["user"]["id"] == developer.id
    listed = expect_json(admin.client.get(f"{org_path(org)}/feedback"))["items"]
    assert [f["message"] for f in listed] == ["The runs table is great"]
    assert listed[0]["user"]["email"] == developer.email and listed[0]["version"] == VERSION
    expect_error(developer.client.get(f"{org_path(org)}/feedback"), 403)
    key = cairn.make_key(admin, org, scopes=["read", "admin"])
    expect_error(cairn.key_client(key).post(f"{org_path(org)}/feedback", json={
        "message": "from a key", "page": "/", "version": VERSION}), 403)
    expect_error(cairn.signup().client.post(f"{org_path(org)}/feedback", json={
        "message": "stranger", "page": "/", "version": VERSION}), 404)
    for bad, field in (({"message": "", "page": "/", "version": VERSION}, "message"),
                       ({"message": "x" * 4001, "page": "/", "version": VERSION}, "message"),
                       ({"message": "x", "page": "runs", "version": VERSION}, "page"),
                       ({"message": "x", "page": "/", "version": VERSION, "user": "me"}, "user"),
                       ({"message": "x", "page": "/"}, "version")):
        expect_error(developer.client.post(f"{org_path(org)}/feedback", json=bad), 422, field=field)
    assert len(expect_json(admin.client.get(f"{org_path(org)}/feedback"))["items"]) == 1


def client_error_count(cairn, kind: str) -> int:
    text = httpx.get(cairn.url + "/metrics", timeout=10).text
    match = re.search(rf'^cairn_client_errors_total{{kind="{kind}"}} (\d+)', text, re.M)
    return int(match.group(1)) if match else 0


def test_client_errors_are_grouped_counted_and_kept_for_the_org_only(cairn):
    admin = cairn.signup()
    org = cairn.make_org(admin)
    developer = cairn.signup()
    cairn.add_member(admin, org, developer, "developer")
    before = client_error_count(cairn, "uncaught")

    def report(client, message, page, **extra):
        body = {"kind": "uncaught", "message": message, "page": page, "version": VERSION,
                "stack": "Error: boom\n    at RunsTable (/assets/index-abc.js:10:20)\n    at x", **extra}
        return expect_json(client.post("/api/v1/client-errors", json=body), 202)["fingerprint"]

    # The same error on two runs' pages, with their ids in the message: one group.
    a = report(developer.client, "Cannot read run 0123456789abcdef", "/orgs/o/runs/11111111111111111111111111111111",
               org=org["slug"])
    b = report(admin.client, "Cannot read run fedcba9876543210", "/orgs/o/runs/22222222222222222222222222222222?t=1",
               org=org["id"])
    assert a == b
    other = report(developer.client, "Something else broke", "/orgs/o/models", org=org["slug"])
    assert other != a
    # Anonymous (the sign-in page) and another organization's name: counted, not kept.
    report(cairn.client(), "Sign-in page broke", "/sign-in", org=org["slug"])
    report(cairn.signup().client, "Not a member", "/orgs/o", org=org["slug"])
    assert client_error_count(cairn, "uncaught") - before == 5

    groups = expect_json(admin.client.get(f"{org_path(org)}/client-errors"))["items"]
    assert [g["count"] for g in groups] == [1, 2]  # the most recently seen first
    grouped = groups[1]
    assert grouped["fingerprint"] == a and grouped["page"].startswith("/orgs/o/runs/") and "?" not in grouped["page"]
    assert grouped["first_seen"] <= grouped["last_seen"] and grouped["version"] == VERSION
    expect_error(developer.client.get(f"{org_path(org)}/client-errors"), 403)

    # A failed request carries its status and request id.
    expect_json(developer.client.post("/api/v1/client-errors", json={
        "kind": "request", "message": "GET /api/v1/orgs/o/projects failed", "page": "/orgs/o",
        "request_id": "abc123def", "status": 503, "version": VERSION, "org": org["slug"]}), 202)
    request_group = expect_json(admin.client.get(f"{org_path(org)}/client-errors"))["items"][0]
    assert request_group["kind"] == "request" and request_group["status"] == 503
    assert request_group["last_request_id"] == "abc123def"


@pytest.mark.parametrize("bad,field", [
    ({"kind": "panic", "message": "m", "page": "/", "version": "1"}, "kind"),
    ({"kind": "uncaught", "message": "", "page": "/", "version": "1"}, "message"),
    ({"kind": "uncaught", "message": "m", "page": "http://x/", "version": "1"}, "page"),
    ({"kind": "uncaught", "message": "m", "page": "/", "version": "1", "status": 600}, "status"),
    ({"kind": "uncaught", "message": "m", "page": "/", "version": "1", "request_id": "a b"}, "request_id"),
    ({"kind": "uncaught", "message": "m", "page": "/", "version": "1", "token": "t"}, "token"),
    ({"kind": "uncaught", "message": "m", "page": "/"}, "version"),
    ({"kind": "request", "message": "m", "page": "/", "version": "1", "status": None}, "status"),
])
def test_a_bad_error_report_is_refused_naming_the_field(cairn, bad, field):
    expect_error(cairn.client().post("/api/v1/client-errors", json=bad), 422, field=field)


def test_error_reports_are_limited_per_address(cairn):
    client = cairn.client(ip=cairn.new_ip())
    body = {"kind": "uncaught", "message": "loop", "page": "/", "version": VERSION}
    statuses = [client.post("/api/v1/client-errors", json=body).status_code for _ in range(62)]
    assert statuses[:60] == [202] * 60 and statuses[-1] == 429
