"""API keys: secrets shown once, bearer auth, scopes, revocation, expiry, rotation with grace,
project restriction, usage counting, and rate limits (in process and shared through Redis)."""

from __future__ import annotations

import datetime
import os
import re
import time

import pytest

from helpers import (
    HEX32,
    collect_pages,
    expect_error,
    expect_json,
    expect_status,
    items,
    now_ms,
    org_path,
    project_path,
    wait_until,
)

KEY_KEYS = {
    "id", "name", "prefix", "scopes", "project_id", "user_id", "created_at",
    "expires_at", "revoked_at", "last_used_at", "last_used_ip",
}
PREFIX = re.compile(r"^[A-Za-z0-9]{4,32}$")
RATE = 5  # requests per minute for the rate-limit variants


def key_path(org, key) -> str:
    return f"{org_path(org)}/api-keys/{key['id']}"


def all_keys(user, org) -> list[dict]:
    keys, _ = collect_pages(user.client, f"{org_path(org)}/api-keys", limit=200)
    return keys


def wait_past(ms: int) -> None:
    delay = (ms - now_ms()) / 1000 + 0.5
    if delay > 0:
        time.sleep(delay)


# ----------------------------------------------------------------------------- create and read


def test_create_key_shows_the_secret_once(signup, make_org):
    user = signup()
    org = make_org(user)
    before = now_ms()
    resp = user.client.post(f"{org_path(org)}/api-keys", json={"name": "ci", "scopes": ["read", "write"]})
    key = expect_json(resp, 201)
    assert set(key) == KEY_KEYS | {"secret"}
    assert HEX32.match(key["id"]) and PREFIX.match(key["prefix"])
    assert re.match(rf"^cairn_{key['prefix']}_[A-Za-z0-9]+$", key["secret"]), key["secret"]
    assert key["name"] == "ci" and sorted(key["scopes"]) == ["read", "write"]
    assert key["user_id"] == user.id and key["project_id"] is None
    assert key["expires_at"] is None and key["revoked_at"] is None
    assert key["last_used_at"] is None and key["last_used_ip"] is None
    assert before - 1000 <= key["created_at"] <= now_ms() + 1000

    secret_part = key["secret"].rsplit("_", 1)[1]
    got = user.client.get(key_path(org, key))
    assert set(expect_json(got)) == KEY_KEYS
    assert secret_part not in got.text
    listing = user.client.get(f"{org_path(org)}/api-keys")
    assert secret_part not in listing.text
    assert [set(k) for k in items(listing)] == [KEY_KEYS]
    assert {k: v for k, v in key.items() if k != "secret"} == expect_json(got)


def test_bearer_api_key_authenticates_in_its_org(cairn, signup, make_org, make_project):
    user = signup()
    org, other_org = make_org(user), make_org(user)
    project = make_project(user, org)
    key = cairn.make_key(user, org, scopes=["read"])
    client = cairn.key_client(key)
    assert expect_json(client.get(org_path(org)))["id"] == org["id"]
    assert [p["id"] for p in items(client.get(f"{org_path(org)}/projects"))] == [project["id"]]
    # With a key, "my organizations" is only the key's organization.
    assert [o["id"] for o in items(client.get("/api/v1/orgs"))] == [org["id"]]
    expect_error(client.get(org_path(other_org)), 404)


def test_a_key_lacking_a_scope_is_403_naming_it(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    client = cairn.key_client(cairn.make_key(user, org, scopes=["read"]))
    resp = client.post(f"{org_path(org)}/projects", json={"name": "Nope", "slug": "nope"})
    expect_error(resp, 403, message="API key lacks scope 'write'")
    assert items(user.client.get(f"{org_path(org)}/projects")) == []


def test_scopes_beyond_the_creators_role_are_403(cairn):
    team = cairn.team("viewer", "developer")
    viewer, dev = team["viewer"], team["developer"]
    path = f"{org_path(team.org)}/api-keys"
    expect_error(viewer.client.post(path, json={"name": "k", "scopes": ["read", "write"]}), 403, message_contains="write")
    expect_error(dev.client.post(path, json={"name": "k", "scopes": ["admin"]}), 403, message_contains="admin")
    assert all_keys(team.admin, team.org) == []
    # Within the role, creation works.
    expect_json(viewer.client.post(path, json={"name": "k", "scopes": ["read", "predict"]}), 201)


def test_members_list_only_their_own_keys_admins_list_all(cairn):
    team = cairn.team("developer")
    dev = team["developer"]
    admin_key = cairn.make_key(team.admin, team.org)
    time.sleep(0.01)  # distinct created_at for the newest-first check
    dev_key = cairn.make_key(dev, team.org)
    assert [k["id"] for k in all_keys(dev, team.org)] == [dev_key["id"]]
    # Newest first.
    assert [k["id"] for k in all_keys(team.admin, team.org)] == [dev_key["id"], admin_key["id"]]
    # Another member's key: refused (403) or hidden like the list hides it (404).
    resp = dev.client.get(key_path(team.org, admin_key))
    assert resp.status_code in (403, 404), resp.text
    expect_error(resp, resp.status_code)
    expect_json(team.admin.client.get(key_path(team.org, dev_key)))


# ----------------------------------------------------------------------------- revoke, expire, rotate


def test_a_revoked_key_is_401_and_stays_listed(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org)
    client = cairn.key_client(key)
    expect_json(client.get(org_path(org)))
    expect_status(user.client.delete(key_path(org, key)), 204)
    expect_error(client.get(org_path(org)), 401)
    listed = {k["id"]: k for k in all_keys(user, org)}
    assert listed[key["id"]]["revoked_at"] is not None
    assert expect_json(user.client.get(key_path(org, key)))["revoked_at"] >= key["created_at"]


@pytest.mark.slow
def test_an_expired_key_is_401(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    expires_at = now_ms() + 2500
    key = cairn.make_key(user, org, expires_at=expires_at)
    assert key["expires_at"] == expires_at
    client = cairn.key_client(key)
    expect_json(client.get(org_path(org)))
    wait_past(expires_at)
    expect_error(client.get(org_path(org)), 401)


def test_expires_at_in_the_past_is_422(signup, make_org):
    user = signup()
    org = make_org(user)
    resp = user.client.post(
        f"{org_path(org)}/api-keys", json={"name": "old", "scopes": ["read"], "expires_at": now_ms() - 1000}
    )
    expect_error(resp, 422, field="expires_at")


@pytest.mark.slow
def test_rotation_keeps_the_old_secret_working_for_the_grace_period(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org, scopes=["read", "write"], name="rotating")
    old = cairn.key_client(key)
    started = now_ms()
    rotated = expect_json(user.client.post(f"{key_path(org, key)}/rotate", json={"grace_period_seconds": 3}))
    assert set(rotated) == KEY_KEYS | {"secret"}
    assert rotated["id"] == key["id"] and rotated["name"] == "rotating"
    assert sorted(rotated["scopes"]) == ["read", "write"]
    assert rotated["prefix"] != key["prefix"] and rotated["secret"] != key["secret"]
    assert rotated["secret"].startswith(f"cairn_{rotated['prefix']}_")
    new = cairn.key_client(rotated)
    expect_json(new.get(org_path(org)))
    expect_json(old.get(org_path(org)))
    wait_past(started + 3000)
    expect_error(old.get(org_path(org)), 401)
    expect_json(new.get(org_path(org)))


def test_rotation_without_a_grace_period_stops_the_old_secret_at_once(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org)
    old = cairn.key_client(key)
    rotated = expect_json(user.client.post(f"{key_path(org, key)}/rotate"))
    expect_error(old.get(org_path(org)), 401)
    expect_json(cairn.key_client(rotated).get(org_path(org)))


def test_rotating_a_revoked_key_conflicts(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org)
    expect_status(user.client.delete(key_path(org, key)), 204)
    expect_error(user.client.post(f"{key_path(org, key)}/rotate", json={"grace_period_seconds": 60}), 409)
    expect_error(cairn.key_client(key).get(org_path(org)), 401)


# ----------------------------------------------------------------------------- project restriction


def test_a_project_restricted_key_works_only_in_its_project(cairn, signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    mine, other = make_project(user, org), make_project(user, org)
    key = cairn.make_key(user, org, scopes=["read", "write"], project_id=mine["id"])
    assert key["project_id"] == mine["id"]
    client = cairn.key_client(key)
    expect_json(client.get(project_path(org, mine)))
    expect_json(client.get(f"{project_path(org, mine)}/stats"))
    expect_error(client.get(project_path(org, other)), 404)
    expect_error(client.get(f"{project_path(org, other)}/stats"), 404)
    expect_error(client.patch(project_path(org, other), json={"name": "Hijacked"}), 404)
    assert expect_json(user.client.get(project_path(org, other)))["name"] == other["name"]
    assert [p["id"] for p in items(client.get(f"{org_path(org)}/projects"))] == [mine["id"]]


def test_restricting_a_key_to_another_orgs_project_is_422(signup, make_org, make_project):
    user = signup()
    org, other_org = make_org(user), make_org(user)
    foreign = make_project(user, other_org)
    for project_id in (foreign["id"], "0" * 32):
        resp = user.client.post(
            f"{org_path(org)}/api-keys", json={"name": "k", "scopes": ["read"], "project_id": project_id}
        )
        expect_error(resp, 422, field="project_id")
    assert all_keys(user, org) == []


# ----------------------------------------------------------------------------- usage


def test_usage_counts_requests_per_utc_day(cairn, signup, make_org):
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org)
    client = cairn.key_client(key)
    for _ in range(7):
        expect_json(client.get(org_path(org)))
    today = datetime.datetime.now(datetime.timezone.utc).date()

    def usage():
        body = expect_json(user.client.get(f"{key_path(org, key)}/usage"))
        return body if body["days"] and body["days"][-1]["requests"] >= 7 else None

    body = wait_until(usage, timeout=10, what="usage to count 7 requests")
    assert set(body) == {"key_id", "days", "last_used_at", "last_used_ip"}
    assert body["key_id"] == key["id"]
    days = body["days"]
    assert len(days) == 30
    expected_days = [(today - datetime.timedelta(days=29 - i)).isoformat() for i in range(30)]
    assert [d["day"] for d in days] == expected_days
    assert [d["requests"] for d in days] == [0] * 29 + [7]
    assert body["last_used_ip"] == cairn.ip
    assert body["last_used_at"] >= key["created_at"]
    got = expect_json(user.client.get(key_path(org, key)))
    assert got["last_used_ip"] == cairn.ip and got["last_used_at"] is not None


# ----------------------------------------------------------------------------- rate limits


def assert_policy(resp) -> None:
    """RateLimit-Policy: `<limit>;w=<window>` (further parameters, as the IETF draft allows, are fine)."""
    policy = resp.headers.get("ratelimit-policy", "")
    limit, *params = [p.strip() for p in policy.split(";")]
    assert limit == str(RATE) and "w=60" in params, f"RateLimit-Policy: {policy!r}"


def rate_limit_state(resp) -> dict:
    header = resp.headers.get("ratelimit")
    assert header, f"no RateLimit header on {resp.request.method} {resp.request.url} -> {resp.status_code}"
    fields = dict(part.strip().split("=", 1) for part in header.split(","))
    return {k: int(v) for k, v in fields.items()}


@pytest.fixture(scope="module")
def limited_server(server_factory, backend):
    server = server_factory.start(backend, name=f"ratelimit-{backend}", api_key_rate_limit=RATE)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_replicas(server_factory, backend):
    """Two servers on one database and one Redis: replicas that must share rate limits."""
    redis_url = os.environ.get("CAIRN_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("CAIRN_TEST_REDIS_URL is unset (scripts/test-services.sh start; eval its env)")
    first = server_factory.start(
        backend, name=f"redis-a-{backend}", api_key_rate_limit=RATE, extra_args=("--redis-url", redis_url)
    )
    second = server_factory.start(
        backend, name=f"redis-b-{backend}", database_url=first.database_url,
        api_key_rate_limit=RATE, extra_args=("--redis-url", redis_url),
    )
    yield first, second
    second.stop()
    first.stop()


def test_api_key_requests_beyond_the_limit_are_429(cairn_on, limited_server):
    cairn = cairn_on(limited_server)
    user = cairn.signup()
    org = cairn.make_org(user)
    key = cairn.make_key(user, org)
    client = cairn.key_client(key)
    for i in range(RATE):
        resp = client.get(org_path(org))
        expect_json(resp, 200)
        assert_policy(resp)
        state = rate_limit_state(resp)
        assert state["limit"] == RATE and state["remaining"] == RATE - 1 - i
        assert 0 <= state["reset"] <= 60
    resp = client.get(org_path(org))
    expect_error(resp, 429)
    assert 1 <= int(resp.headers["retry-after"]) <= 60
    assert rate_limit_state(resp)["remaining"] == 0

    # The limit is per key; signed-in users are not limited by it.
    other = cairn.key_client(cairn.make_key(user, org))
    expect_json(other.get(org_path(org)))
    for _ in range(RATE + 2):
        expect_json(user.client.get(org_path(org)))


def test_replicas_share_one_rate_limit_through_redis(cairn_on, redis_replicas):
    first, second = redis_replicas
    on_first, on_second = cairn_on(first), cairn_on(second)
    user = on_first.signup()
    org = on_first.make_org(user)
    key = on_first.make_key(user, org)
    clients = [on_first.key_client(key), on_second.key_client(key)]
    for i in range(RATE):
        resp = clients[i % 2].get(org_path(org))
        expect_json(resp, 200)
        assert rate_limit_state(resp)["remaining"] == RATE - 1 - i
    # Either replica now refuses: the count lives in Redis, not in each process.
    for client in clients:
        resp = client.get(org_path(org))
        expect_error(resp, 429)
        assert 1 <= int(resp.headers["retry-after"]) <= 60


def test_a_grace_period_sent_as_a_whole_float_counts_as_an_integer(cairn, signup, make_org):
    # JSON Schema's integer is any number without a fraction: Python clients send 90.0 for 90.
    user = signup()
    org = make_org(user)
    key = cairn.make_key(user, org, scopes=["read"], name="rotated-with-a-float")
    rotated = expect_json(user.client.post(f"{key_path(org, key)}/rotate", json={"grace_period_seconds": 90.0}))
    assert rotated["id"] == key["id"] and rotated["prefix"] != key["prefix"]
