"""The audit log: which security events are recorded, with which fields; admin-only reading,
filters and pagination.

Action names follow the contract's `<target_type>.<verb>` (its examples: `project.create`,
`member.role_change`, `api_key.rotate`, `auth.login_failed`); the names the contract does not
spell out are extrapolated in ACTIONS below, in one place.

Sign-ins belong to no organization, and an organization's deletion takes its audit endpoint
with it, so those events are read from the database (table `audit_events` of
server/migrations), where they must be.
"""

from __future__ import annotations

import json
import os
import time

from helpers import (
    collect_pages,
    expect_error,
    expect_json,
    expect_status,
    now_ms,
    org_path,
    project_path,
    uid,
    unique_email,
)

ACTIONS = {
    "login": "auth.login",
    "login_failed": "auth.login_failed",
    "role_change": "member.role_change",
    "invitation_create": "invitation.create",
    "invitation_resend": "invitation.resend",
    "invitation_revoke": "invitation.revoke",
    "invitation_accept": "invitation.accept",
    "key_create": "api_key.create",
    "key_rotate": "api_key.rotate",
    "key_revoke": "api_key.revoke",
    "project_create": "project.create",
    "project_delete": "project.delete",
}
ORG_DELETE_ACTIONS = ("org.delete", "organization.delete")
EVENT_KEYS = {
    "id", "created_at", "action", "actor_type", "actor_id", "actor_name", "target_type", "target_id", "target_name",
    "ip", "request_id", "details",
}


def audit(user, org, **params) -> list[dict]:
    events, _ = collect_pages(user.client, f"{org_path(org)}/audit-log", params, limit=200)
    return events


def only_event(user, org, action: str, **params) -> dict:
    events = audit(user, org, action=action, **params)
    assert len(events) == 1, f"expected one {action} event, got {len(events)}: {events}"
    return events[0]


def assert_event(event, *, action, actor_type="user", actor_id, target_type, target_id, ip, request_id, since):
    """`target_type` may be a tuple of acceptable names."""
    assert set(event) == EVENT_KEYS, event
    assert event["action"] == action
    assert event["actor_type"] == actor_type and event["actor_id"] == actor_id, event
    accepted = target_type if isinstance(target_type, tuple) else (target_type,)
    assert event["target_type"] in accepted and event["target_id"] == target_id, event
    assert event["ip"] == ip, event
    assert event["request_id"] == request_id, event
    assert isinstance(event["details"], dict)
    assert since - 1000 <= event["created_at"] <= now_ms() + 1000


def rid() -> str:
    return f"audit-{uid()}"


# ----------------------------------------------------------------------------- sign-ins


def test_a_sign_in_is_recorded_with_the_client_address(cairn, signup, db):
    user = signup()
    ip = cairn.new_ip()
    request_id = rid()
    cairn.login_user(user.email, user.password, ip=ip, headers={"X-Request-Id": request_id})
    rows = db.query(
        "SELECT action, actor_type, actor_id, ip, request_id FROM audit_events WHERE action = ? AND request_id = ?",
        (ACTIONS["login"], request_id),
    )
    assert rows == [
        {"action": ACTIONS["login"], "actor_type": "user", "actor_id": user.id, "ip": ip, "request_id": request_id}
    ]


def test_a_failed_sign_in_is_recorded_without_the_password(cairn, signup, db):
    user = signup()
    wrong = "pw-wrong-" + uid()
    for email in (user.email, unique_email("ghost")):
        ip = cairn.new_ip()
        expect_error(cairn.login(email, wrong, ip=ip), 401)
        rows = db.query("SELECT * FROM audit_events WHERE action = ? AND ip = ?", (ACTIONS["login_failed"], ip))
        assert len(rows) == 1, rows
        text = json.dumps(rows[0])
        assert wrong not in text
        assert email in text or user.id in text, f"the event does not say which account: {rows[0]}"


# ----------------------------------------------------------------------------- org events


def test_a_role_change_is_recorded(cairn):
    team = cairn.team("developer")
    dev = team["developer"]
    since, request_id = now_ms(), rid()
    expect_json(team.admin.client.patch(
        f"{org_path(team.org)}/members/{dev.id}", json={"role": "admin"}, headers={"X-Request-Id": request_id}
    ))
    event = only_event(team.admin, team.org, ACTIONS["role_change"])
    assert_event(event, action=ACTIONS["role_change"], actor_id=team.admin.id, target_type=("member", "user"),
                 target_id=dev.id, ip=cairn.ip, request_id=request_id, since=since)
    assert "admin" in json.dumps(event["details"])


def test_the_invitation_lifecycle_is_recorded_without_tokens(cairn, smtp, signup):
    team = cairn.team()
    since = now_ms()
    invitee = signup()
    invitation, token = cairn.invite(team.admin, team.org, invitee.email, "viewer")
    count = smtp.count(invitee.email)
    expect_json(team.admin.client.post(f"{org_path(team.org)}/invitations/{invitation['id']}/resend"))
    new_token = smtp.wait_for_token(invitee.email, after=count)
    expect_json(invitee.client.post("/api/v1/invitations/accept", json={"token": new_token}))
    other, _ = cairn.invite(team.admin, team.org, unique_email("other"), "viewer")
    expect_status(team.admin.client.delete(f"{org_path(team.org)}/invitations/{other['id']}"), 204)

    for key, invitation_id, actor in (
        ("invitation_create", invitation["id"], team.admin.id),
        ("invitation_resend", invitation["id"], team.admin.id),
        ("invitation_accept", invitation["id"], invitee.id),
        ("invitation_revoke", other["id"], team.admin.id),
    ):
        matching = [e for e in audit(team.admin, team.org, action=ACTIONS[key]) if e["target_id"] == invitation_id]
        assert len(matching) == 1, (key, audit(team.admin, team.org))
        event = matching[0]
        assert event["actor_id"] == actor and event["target_type"] == "invitation"
        assert event["created_at"] >= since - 1000
    text = team.admin.client.get(f"{org_path(team.org)}/audit-log", params={"limit": 200}).text
    assert token not in text and new_token not in text


def test_api_key_create_rotate_revoke_are_recorded_without_secrets(cairn):
    team = cairn.team()
    admin, org = team.admin, team.org
    since = now_ms()
    ids = {"create": rid(), "rotate": rid(), "revoke": rid()}
    key = expect_json(admin.client.post(
        f"{org_path(org)}/api-keys", json={"name": "audited", "scopes": ["read"]},
        headers={"X-Request-Id": ids["create"]},
    ), 201)
    rotated = expect_json(admin.client.post(
        f"{org_path(org)}/api-keys/{key['id']}/rotate", json={"grace_period_seconds": 0},
        headers={"X-Request-Id": ids["rotate"]},
    ))
    expect_status(admin.client.delete(
        f"{org_path(org)}/api-keys/{key['id']}", headers={"X-Request-Id": ids["revoke"]}
    ), 204)
    for verb in ("create", "rotate", "revoke"):
        event = only_event(admin, org, ACTIONS[f"key_{verb}"])
        assert_event(event, action=ACTIONS[f"key_{verb}"], actor_id=admin.id, target_type="api_key",
                     target_id=key["id"], ip=cairn.ip, request_id=ids[verb], since=since)
    text = admin.client.get(f"{org_path(org)}/audit-log", params={"limit": 200}).text
    for secret in (key["secret"], rotated["secret"]):
        assert secret not in text and secret.rsplit("_", 1)[1] not in text


def test_project_creation_and_deletion_are_recorded(cairn, make_project):
    team = cairn.team()
    since = now_ms()
    project = make_project(team.admin, team.org)
    request_id = rid()
    expect_status(team.admin.client.delete(
        project_path(team.org, project), headers={"X-Request-Id": request_id}
    ), 204)
    created = only_event(team.admin, team.org, ACTIONS["project_create"])
    assert created["target_type"] == "project" and created["target_id"] == project["id"]
    deleted = only_event(team.admin, team.org, ACTIONS["project_delete"])
    assert_event(deleted, action=ACTIONS["project_delete"], actor_id=team.admin.id, target_type="project",
                 target_id=project["id"], ip=cairn.ip, request_id=request_id, since=since)


def test_an_action_through_an_api_key_names_the_key_as_actor(cairn):
    team = cairn.team()
    key = cairn.make_key(team.admin, team.org, scopes=["read", "write"])
    project = expect_json(cairn.key_client(key).post(
        f"{org_path(team.org)}/projects", json={"name": "By key", "slug": f"by-key-{uid(6)}"}
    ), 201)
    event = only_event(team.admin, team.org, ACTIONS["project_create"])
    assert event["actor_type"] == "api_key" and event["actor_id"] == key["id"]
    assert event["target_id"] == project["id"]


def test_org_deletion_is_recorded_and_outlives_the_org(cairn, db, signup, make_org, make_project):
    admin = signup()
    org = make_org(admin, name=f"Gone {uid(6)}")
    project = make_project(admin, org)
    request_id = rid()
    expect_status(admin.client.delete(
        org_path(org), params={"confirm": org["name"]}, headers={"X-Request-Id": request_id}
    ), 204)
    rows = db.query("SELECT * FROM audit_events WHERE request_id = ?", (request_id,))
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["action"] in ORG_DELETE_ACTIONS, row
    assert row["actor_id"] == admin.id and row["target_id"] == org["id"] and row["ip"] == cairn.ip
    assert row["org_id"] is None
    assert org["slug"] in row["details"] and org["id"] in row["details"]
    # The organization's earlier events survive it.
    earlier = db.query(
        "SELECT org_id FROM audit_events WHERE action = ? AND target_id = ?", (ACTIONS["project_create"], project["id"])
    )
    assert earlier == [{"org_id": None}]


# ----------------------------------------------------------------------------- reading the log


def test_the_audit_log_is_for_admins_only(cairn):
    team = cairn.team("developer", "viewer")
    for role in ("developer", "viewer"):
        expect_error(team[role].client.get(f"{org_path(team.org)}/audit-log"), 403, message_contains="admin")
    key = cairn.make_key(team.admin, team.org, scopes=["read", "write"])
    expect_error(cairn.key_client(key).get(f"{org_path(team.org)}/audit-log"), 403,
                 message="API key lacks scope 'admin'")
    admin_key = cairn.make_key(team.admin, team.org, scopes=["read", "admin"])
    expect_json(cairn.key_client(admin_key).get(f"{org_path(team.org)}/audit-log"))


def test_audit_filters_combine(cairn, make_project):
    team = cairn.team("admin")
    first, second = team.admin, team["admin"]
    p1 = make_project(first, team.org)
    time.sleep(0.01)  # distinct created_at: newest-first is then one order
    p2 = make_project(first, team.org)
    time.sleep(0.05)
    middle = now_ms()
    time.sleep(0.05)
    p3 = make_project(second, team.org)
    key = cairn.make_key(second, team.org)

    created = audit(first, team.org, action=ACTIONS["project_create"])
    assert [e["target_id"] for e in created] == [p3["id"], p2["id"], p1["id"]]
    by_second = audit(first, team.org, action=ACTIONS["project_create"], actor_id=second.id)
    assert [e["target_id"] for e in by_second] == [p3["id"]]
    keys = audit(first, team.org, target_type="api_key")
    assert [e["target_id"] for e in keys] == [key["id"]]
    assert all(e["actor_id"] == second.id for e in audit(first, team.org, actor_id=second.id))
    later = audit(first, team.org, action=ACTIONS["project_create"], since=middle)
    assert [e["target_id"] for e in later] == [p3["id"]]
    earlier = audit(first, team.org, action=ACTIONS["project_create"], until=middle)
    assert [e["target_id"] for e in earlier] == [p2["id"], p1["id"]]
    assert audit(first, team.org, action="no.such_action") == []


def test_audit_log_paginates_newest_first(cairn, make_project):
    team = cairn.team()
    made = []
    for _ in range(7):
        made.append(make_project(team.admin, team.org)["id"])
        time.sleep(0.01)  # distinct created_at: newest-first is then one order
    events, pages = collect_pages(
        team.admin.client, f"{org_path(team.org)}/audit-log", {"action": ACTIONS["project_create"]}, limit=3
    )
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [e["target_id"] for e in events] == list(reversed(made))
    stamps = [e["created_at"] for e in events]
    assert stamps == sorted(stamps, reverse=True)
    assert len({e["id"] for e in events}) == 7

    everything = audit(team.admin, team.org)
    assert [e["created_at"] for e in everything] == sorted((e["created_at"] for e in everything), reverse=True)


# ----------------------------------------------------------------------------- registry and runs


def test_registry_actions_and_run_deletion_are_recorded_with_names(cairn, make_project):
    """Model and version create/delete, stage changes (a production promotion archiving the
    previous one), alias set/delete and run delete/restore, each named as it was when it happened
    (a deleted model's events still name it), actors named too ("<key> key of <user>")."""
    team = cairn.team()
    admin = team.admin
    project = make_project(admin, team.org)
    base = project_path(team.org, project)
    key = cairn.make_key(admin, team.org, scopes=["read", "write"], name="training-pipeline")
    pipeline = cairn.key_client(key)
    since = now_ms()

    expect_json(pipeline.post(f"{base}/models", json={"name": "churn"}), 201)
    url = f"{base}/models/churn"
    for _ in range(2):
        expect_json(pipeline.post(f"{url}/versions", files=[("file", ("w.bin", os.urandom(8)))]), 201)
    request_id = rid()
    expect_json(admin.client.post(f"{url}/versions/1/stage", json={"stage": "production", "comment": "baseline"},
                                  headers={"X-Request-Id": request_id}))
    expect_json(admin.client.post(f"{url}/versions/2/stage",
                                  json={"stage": "production", "comment": "beats v1", "archive_existing": True}))
    expect_json(admin.client.put(f"{url}/aliases/champion", json={"version": 2}))
    expect_status(admin.client.delete(f"{url}/aliases/champion"), 204)
    expect_status(admin.client.delete(f"{url}/versions/1"), 204)
    experiment = expect_json(admin.client.post(f"{base}/experiments", json={"name": "sweep"}), 201)
    run = expect_json(admin.client.post(f"{base}/experiments/{experiment['id']}/runs", json={"name": "xgb-7"}), 201)
    expect_status(admin.client.delete(f"{base}/runs/{run['id']}"), 204)
    expect_json(admin.client.post(f"{base}/runs/{run['id']}/restore"))
    model_id = expect_json(admin.client.get(url))["id"]
    expect_status(admin.client.delete(url), 204)

    events = audit(admin, team.org, since=since)
    for e in events:
        assert set(e) == EVENT_KEYS, e
    # Events of one millisecond have no order among them: compared as a multiset.
    seen = sorted((e["action"], e["target_name"], e["actor_name"]) for e in events)
    pipeline_name = f"training-pipeline key of {admin.name}"
    assert seen == sorted([
        ("registered_model.create", "churn", pipeline_name),
        ("model_version.create", "churn v1", pipeline_name),
        ("model_version.create", "churn v2", pipeline_name),
        ("model_version.stage_change", "churn v1", admin.name),
        ("model_version.stage_change", "churn v2", admin.name),
        ("model_version.stage_change", "churn v1", admin.name),
        ("registered_model.alias_set", "churn", admin.name),
        ("registered_model.alias_delete", "churn", admin.name),
        ("model_version.delete", "churn v1", admin.name),
        ("run.delete", "xgb-7", admin.name),
        ("run.restore", "xgb-7", admin.name),
        ("registered_model.delete", "churn", admin.name),
    ]), seen
    promotion = next(e for e in events if e["target_id"] == f"{model_id}/2" and e["action"] == "model_version.stage_change")
    assert promotion["details"]["from"] == "development" and promotion["details"]["to"] == "production"
    assert promotion["details"]["comment"] == "beats v1" and promotion["details"]["model"] == "churn"
    first = next(e for e in events if e["request_id"] == request_id)
    assert_event(first, action="model_version.stage_change", actor_id=admin.id, target_type="model_version",
                 target_id=f"{model_id}/1", ip=cairn.ip, request_id=request_id, since=since)
    archived = [e for e in events if e["action"] == "model_version.stage_change" and e["details"]["to"] == "archived"]
    assert [e["target_id"] for e in archived] == [f"{model_id}/1"]
    by_key = next(e for e in events if e["action"] == "registered_model.create")
    assert by_key["actor_type"] == "api_key" and by_key["actor_id"] == key["id"]
    assert by_key["target_type"] == "registered_model" and by_key["target_id"] == model_id
    alias = next(e for e in events if e["action"] == "registered_model.alias_set")
    assert alias["details"]["alias"] == "champion" and alias["details"]["version"] == 2
    deleted_run = next(e for e in events if e["action"] == "run.delete")
    assert deleted_run["target_type"] == "run" and deleted_run["target_id"] == run["id"]
    # Names are answered beside the details, not inside them.
    assert all("actor_name" not in e["details"] and "target_name" not in e["details"] for e in events)


def test_existing_events_name_their_actor_and_target(cairn):
    team = cairn.team("viewer")
    viewer = team["viewer"]
    expect_json(team.admin.client.patch(f"{org_path(team.org)}/members/{viewer.id}", json={"role": "developer"}))
    event = only_event(team.admin, team.org, ACTIONS["role_change"])
    assert event["actor_name"] == team.admin.name and event["target_name"] == viewer.name
