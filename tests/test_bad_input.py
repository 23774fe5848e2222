"""Bad input on every route family: malformed JSON is 400, a bad field is 422 naming it, a bad
query parameter is 400 naming it, a bad path parameter is 404 or 422, an oversized body is 413,
and never a 500. After each bad request, what the server stores is read back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from helpers import (
    ROLE_SCOPES,
    error_shape_problem,
    expect_error,
    expect_json,
    items,
    now_ms,
    org_path,
    project_path,
    send_oversized,
    uid,
    unique_email,
)

MALFORMED = b'{"name": "unterminated",'
OVERSIZED = 40 * 1024 * 1024  # beyond any sane JSON limit (the server's default body cap is 32 MiB)


@dataclass
class Fixture:
    user: object
    member: object
    org: dict
    project: dict
    invitation: dict
    key: dict
    snapshot: dict

    def fmt(self, template: str) -> str:
        return template.format(
            org=org_path(self.org),
            proj=project_path(self.org, self.project),
            member=self.member.id,
            inv=self.invitation["id"],
            key=self.key["id"],
        )


def read_state(cairn, f: Fixture) -> dict:
    c = cairn.client(f.user.access_token)
    o = org_path(f.org)
    return {
        "me": expect_json(c.get("/api/v1/me")),
        "orgs": items(c.get("/api/v1/orgs")),
        "members": items(c.get(f"{o}/members", params={"limit": 200})),
        "invitations": items(c.get(f"{o}/invitations", params={"limit": 200})),
        "projects": items(c.get(f"{o}/projects", params={"limit": 200})),
        "project_members": items(c.get(f"{project_path(f.org, f.project)}/members")),
        "keys": [
            {k: v for k, v in key.items() if k not in ("last_used_at", "last_used_ip")}
            for key in items(c.get(f"{o}/api-keys", params={"limit": 200}))
        ],
    }


@pytest.fixture(scope="module")
def fx(module_cairn) -> Fixture:
    cairn = module_cairn
    user = cairn.signup()
    org = cairn.make_org(user)
    member = cairn.signup()
    cairn.add_member(user, org, member, "developer")
    project = cairn.make_project(user, org, description="original")
    invitation, _ = cairn.invite(user, org, unique_email("pending"), "viewer")
    key = cairn.make_key(user, org, scopes=list(ROLE_SCOPES["admin"]))
    f = Fixture(user, member, org, project, invitation, key, {})
    f.snapshot = read_state(cairn, f)
    return f


def send(cairn, f: Fixture, method: str, template: str, *, auth: bool, **kwargs):
    client = cairn.client(f.user.access_token if auth else None)
    return client.request(method, f.fmt(template), **kwargs)


# ----------------------------------------------------------------------------- malformed JSON

# (method, path template, needs auth)
JSON_ROUTES = [
    ("POST", "/api/v1/auth/signup", False),
    ("POST", "/api/v1/auth/login", False),
    ("POST", "/api/v1/auth/refresh", False),
    ("POST", "/api/v1/auth/logout", False),
    ("POST", "/api/v1/auth/verify-email", False),
    ("POST", "/api/v1/auth/password-reset/request", False),
    ("POST", "/api/v1/auth/password-reset", False),
    ("PATCH", "/api/v1/me", True),
    ("POST", "/api/v1/me/password", True),
    ("POST", "/api/v1/orgs", True),
    ("PATCH", "{org}", True),
    ("PATCH", "{org}/members/{member}", True),
    ("POST", "{org}/invitations", True),
    ("POST", "/api/v1/invitations/accept", True),
    ("POST", "{org}/projects", True),
    ("PATCH", "{proj}", True),
    ("PUT", "{proj}/members/{member}", True),
    ("POST", "{org}/api-keys", True),
    ("POST", "{org}/api-keys/{key}/rotate", True),
]


def route_id(route) -> str:
    method, template, _ = route
    return f"{method} {template}"


@pytest.mark.parametrize("route", JSON_ROUTES, ids=[route_id(r) for r in JSON_ROUTES])
@pytest.mark.parametrize("body", [MALFORMED, b"not json at all", b"{\"a\": 1} trailing"], ids=["truncated", "garbage", "trailing"])
def test_malformed_json_is_400(cairn, fx, route, body):
    method, template, auth = route
    resp = send(cairn, fx, method, template, auth=auth, content=body, headers={"Content-Type": "application/json"})
    err = expect_error(resp, 400)
    assert "field" not in err, err
    assert read_state(cairn, fx) == fx.snapshot


@pytest.mark.parametrize(
    "route", [r for r in JSON_ROUTES if r[1] in ("/api/v1/auth/signup", "/api/v1/orgs", "{org}/projects", "{org}/api-keys")],
    ids=route_id,
)
@pytest.mark.parametrize("body", [b"[]", b'"text"', b"null", b"42"], ids=["array", "string", "null", "number"])
def test_a_body_that_is_not_an_object_is_rejected(cairn, fx, route, body):
    method, template, auth = route
    resp = send(cairn, fx, method, template, auth=auth, content=body, headers={"Content-Type": "application/json"})
    assert resp.status_code in (400, 422), resp.text
    expect_error(resp, resp.status_code)
    assert read_state(cairn, fx) == fx.snapshot


# ----------------------------------------------------------------------------- field validation


def signup_body(**overrides):
    body = {"email": unique_email("bad"), "password": "pw-" + uid(), "name": "Bad Input"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not MISSING}


MISSING = object()
LONG = "x" * 101
SCOPES_FIELD = re.compile(r"^scopes(\.\d+|\[\d+\])?$")

# (id, method, template, needs auth, body factory, expected field: str or compiled regex)
FIELD_CASES = [
    # auth
    ("signup-missing-email", "POST", "/api/v1/auth/signup", False, lambda: signup_body(email=MISSING), "email"),
    ("signup-email-number", "POST", "/api/v1/auth/signup", False, lambda: signup_body(email=123), "email"),
    ("signup-email-format", "POST", "/api/v1/auth/signup", False, lambda: signup_body(email="not-an-email"), "email"),
    ("signup-email-too-long", "POST", "/api/v1/auth/signup", False,
     lambda: signup_body(email="a" * 250 + "@example.com"), "email"),
    ("signup-password-short", "POST", "/api/v1/auth/signup", False, lambda: signup_body(password="short"), "password"),
    ("signup-password-long", "POST", "/api/v1/auth/signup", False, lambda: signup_body(password="p" * 129), "password"),
    ("signup-password-number", "POST", "/api/v1/auth/signup", False, lambda: signup_body(password=12345678), "password"),
    ("signup-missing-name", "POST", "/api/v1/auth/signup", False, lambda: signup_body(name=MISSING), "name"),
    ("signup-empty-name", "POST", "/api/v1/auth/signup", False, lambda: signup_body(name=""), "name"),
    ("signup-long-name", "POST", "/api/v1/auth/signup", False, lambda: signup_body(name=LONG), "name"),
    ("signup-empty-invitation", "POST", "/api/v1/auth/signup", False,
     lambda: signup_body(invitation_token=""), "invitation_token"),
    ("login-missing-email", "POST", "/api/v1/auth/login", False, lambda: {"password": "whatever1"}, "email"),
    ("login-missing-password", "POST", "/api/v1/auth/login", False, lambda: {"email": unique_email()}, "password"),
    ("login-password-number", "POST", "/api/v1/auth/login", False,
     lambda: {"email": unique_email(), "password": 5}, "password"),
    ("refresh-token-number", "POST", "/api/v1/auth/refresh", False, lambda: {"refresh_token": 123}, "refresh_token"),
    ("refresh-token-empty", "POST", "/api/v1/auth/refresh", False, lambda: {"refresh_token": ""}, "refresh_token"),
    ("logout-token-number", "POST", "/api/v1/auth/logout", False, lambda: {"refresh_token": 5}, "refresh_token"),
    ("verify-missing-token", "POST", "/api/v1/auth/verify-email", False, lambda: {}, "token"),
    ("verify-empty-token", "POST", "/api/v1/auth/verify-email", False, lambda: {"token": ""}, "token"),
    ("verify-long-token", "POST", "/api/v1/auth/verify-email", False, lambda: {"token": "t" * 513}, "token"),
    ("reset-request-email-format", "POST", "/api/v1/auth/password-reset/request", False,
     lambda: {"email": "nope"}, "email"),
    ("reset-request-missing-email", "POST", "/api/v1/auth/password-reset/request", False, lambda: {}, "email"),
    ("reset-short-password", "POST", "/api/v1/auth/password-reset", False,
     lambda: {"token": "some-token", "new_password": "short"}, "new_password"),
    ("reset-missing-token", "POST", "/api/v1/auth/password-reset", False,
     lambda: {"new_password": "long-enough-1"}, "token"),
    # account
    ("me-empty-name", "PATCH", "/api/v1/me", True, lambda: {"name": ""}, "name"),
    ("me-long-name", "PATCH", "/api/v1/me", True, lambda: {"name": LONG}, "name"),
    ("me-name-number", "PATCH", "/api/v1/me", True, lambda: {"name": 5}, "name"),
    ("password-missing-current", "POST", "/api/v1/me/password", True,
     lambda: {"new_password": "long-enough-1"}, "current_password"),
    ("password-short-new", "POST", "/api/v1/me/password", True,
     lambda: {"current_password": "whatever", "new_password": "short"}, "new_password"),
    ("password-long-new", "POST", "/api/v1/me/password", True,
     lambda: {"current_password": "whatever", "new_password": "p" * 129}, "new_password"),
    # organizations
    ("org-missing-name", "POST", "/api/v1/orgs", True, lambda: {"slug": "s-" + uid()}, "name"),
    ("org-empty-name", "POST", "/api/v1/orgs", True, lambda: {"name": ""}, "name"),
    ("org-long-name", "POST", "/api/v1/orgs", True, lambda: {"name": LONG}, "name"),
    ("org-name-number", "POST", "/api/v1/orgs", True, lambda: {"name": 5}, "name"),
    ("org-slug-space", "POST", "/api/v1/orgs", True, lambda: {"name": "X", "slug": "bad slug"}, "slug"),
    ("org-slug-upper", "POST", "/api/v1/orgs", True, lambda: {"name": "X", "slug": "UPPER"}, "slug"),
    ("org-slug-short", "POST", "/api/v1/orgs", True, lambda: {"name": "X", "slug": "a"}, "slug"),
    ("org-slug-long", "POST", "/api/v1/orgs", True, lambda: {"name": "X", "slug": "a" * 51}, "slug"),
    ("org-update-empty-name", "PATCH", "{org}", True, lambda: {"name": ""}, "name"),
    ("org-update-slug", "PATCH", "{org}", True, lambda: {"slug": "no_underscores"}, "slug"),
    ("org-update-setting-enum", "PATCH", "{org}", True,
     lambda: {"settings": {"production_promotion": "everyone"}}, "settings.production_promotion"),
    ("org-update-settings-type", "PATCH", "{org}", True, lambda: {"settings": "x"}, "settings"),
    ("org-update-partly-bad", "PATCH", "{org}", True,
     lambda: {"name": "Valid new name", "slug": "Not Valid"}, "slug"),
    ("member-role-enum", "PATCH", "{org}/members/{member}", True, lambda: {"role": "owner"}, "role"),
    ("member-role-missing", "PATCH", "{org}/members/{member}", True, lambda: {}, "role"),
    ("member-role-number", "PATCH", "{org}/members/{member}", True, lambda: {"role": 1}, "role"),
    ("invite-email-format", "POST", "{org}/invitations", True, lambda: {"email": "nope", "role": "viewer"}, "email"),
    ("invite-role-enum", "POST", "{org}/invitations", True,
     lambda: {"email": unique_email(), "role": "owner"}, "role"),
    ("invite-role-missing", "POST", "{org}/invitations", True, lambda: {"email": unique_email()}, "role"),
    ("accept-missing-token", "POST", "/api/v1/invitations/accept", True, lambda: {}, "token"),
    ("accept-empty-token", "POST", "/api/v1/invitations/accept", True, lambda: {"token": ""}, "token"),
    ("accept-long-token", "POST", "/api/v1/invitations/accept", True, lambda: {"token": "t" * 513}, "token"),
    ("accept-unknown-token", "POST", "/api/v1/invitations/accept", True, lambda: {"token": "unknown-" + uid()}, "token"),
    # projects
    ("project-missing-name", "POST", "{org}/projects", True, lambda: {"slug": "s-" + uid()}, "name"),
    ("project-long-name", "POST", "{org}/projects", True, lambda: {"name": LONG}, "name"),
    ("project-name-number", "POST", "{org}/projects", True, lambda: {"name": 123}, "name"),
    ("project-long-description", "POST", "{org}/projects", True,
     lambda: {"name": "X", "description": "d" * 2001}, "description"),
    ("project-description-number", "POST", "{org}/projects", True,
     lambda: {"name": "X", "description": 5}, "description"),
    ("project-visibility-enum", "POST", "{org}/projects", True,
     lambda: {"name": "X", "visibility": "public"}, "visibility"),
    ("project-slug-short", "POST", "{org}/projects", True, lambda: {"name": "X", "slug": "x"}, "slug"),
    ("project-update-empty-name", "PATCH", "{proj}", True, lambda: {"name": ""}, "name"),
    ("project-update-visibility", "PATCH", "{proj}", True,
     lambda: {"name": "Valid new name", "visibility": "public"}, "visibility"),
    ("project-update-description", "PATCH", "{proj}", True, lambda: {"description": "d" * 2001}, "description"),
    ("project-member-role-enum", "PUT", "{proj}/members/{member}", True, lambda: {"role": "owner"}, "role"),
    ("project-member-role-missing", "PUT", "{proj}/members/{member}", True, lambda: {}, "role"),
    # api keys
    ("key-missing-name", "POST", "{org}/api-keys", True, lambda: {"scopes": ["read"]}, "name"),
    ("key-long-name", "POST", "{org}/api-keys", True, lambda: {"name": LONG, "scopes": ["read"]}, "name"),
    ("key-missing-scopes", "POST", "{org}/api-keys", True, lambda: {"name": "k"}, "scopes"),
    ("key-empty-scopes", "POST", "{org}/api-keys", True, lambda: {"name": "k", "scopes": []}, "scopes"),
    ("key-scopes-string", "POST", "{org}/api-keys", True, lambda: {"name": "k", "scopes": "read"}, "scopes"),
    ("key-scope-enum", "POST", "{org}/api-keys", True, lambda: {"name": "k", "scopes": ["superuser"]}, SCOPES_FIELD),
    ("key-duplicate-scopes", "POST", "{org}/api-keys", True,
     lambda: {"name": "k", "scopes": ["read", "read"]}, SCOPES_FIELD),
    ("key-expires-string", "POST", "{org}/api-keys", True,
     lambda: {"name": "k", "scopes": ["read"], "expires_at": "tomorrow"}, "expires_at"),
    ("key-expires-past", "POST", "{org}/api-keys", True,
     lambda: {"name": "k", "scopes": ["read"], "expires_at": now_ms() - 60_000}, "expires_at"),
    ("key-project-format", "POST", "{org}/api-keys", True,
     lambda: {"name": "k", "scopes": ["read"], "project_id": "xyz"}, "project_id"),
    ("key-project-number", "POST", "{org}/api-keys", True,
     lambda: {"name": "k", "scopes": ["read"], "project_id": 5}, "project_id"),
    ("rotate-negative-grace", "POST", "{org}/api-keys/{key}/rotate", True,
     lambda: {"grace_period_seconds": -1}, "grace_period_seconds"),
    ("rotate-grace-too-long", "POST", "{org}/api-keys/{key}/rotate", True,
     lambda: {"grace_period_seconds": 604801}, "grace_period_seconds"),
    ("rotate-grace-string", "POST", "{org}/api-keys/{key}/rotate", True,
     lambda: {"grace_period_seconds": "soon"}, "grace_period_seconds"),
    ("rotate-grace-fraction", "POST", "{org}/api-keys/{key}/rotate", True,
     lambda: {"grace_period_seconds": 1.5}, "grace_period_seconds"),
]


@pytest.mark.parametrize("case", FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_an_invalid_field_is_422_naming_it(cairn, fx, case):
    _, method, template, auth, body, field = case
    resp = send(cairn, fx, method, template, auth=auth, json=body())
    err = expect_error(resp, 422)
    if isinstance(field, str):
        assert err.get("field") == field, err
    else:
        assert field.match(err.get("field", "")), err
    assert read_state(cairn, fx) == fx.snapshot


def test_a_rejected_signup_creates_no_account(cairn):
    email = unique_email("rejected")
    for body in (
        {"email": email, "password": "short", "name": "X"},
        {"email": email, "password": "pw-" + uid(), "name": ""},
        {"email": email, "password": "pw-" + uid(), "name": LONG},
    ):
        expect_error(cairn.client().post("/api/v1/auth/signup", json=body), 422)
    expect_error(cairn.login(email, "short"), 401)
    cairn.signup(email=email)  # still free


# ----------------------------------------------------------------------------- query parameters

# (id, path template, params, field)
QUERY_CASES = [
    ("projects-limit-zero", "{org}/projects", {"limit": "0"}, "limit"),
    ("projects-limit-too-big", "{org}/projects", {"limit": "201"}, "limit"),
    ("projects-limit-negative", "{org}/projects", {"limit": "-1"}, "limit"),
    ("projects-limit-text", "{org}/projects", {"limit": "abc"}, "limit"),
    ("projects-limit-fraction", "{org}/projects", {"limit": "1.5"}, "limit"),
    ("projects-sort-unknown", "{org}/projects", {"sort": "bogus"}, "sort"),
    ("projects-sort-unknown-desc", "{org}/projects", {"sort": "-description"}, "sort"),
    ("projects-visibility-enum", "{org}/projects", {"visibility": "public"}, "visibility"),
    ("projects-cursor-garbage", "{org}/projects", {"cursor": "!!not-a-cursor!!"}, "cursor"),
    ("projects-cursor-too-long", "{org}/projects", {"cursor": "c" * 1025}, "cursor"),
    ("projects-cursor-empty", "{org}/projects", {"cursor": ""}, "cursor"),
    ("projects-q-too-long", "{org}/projects", {"q": "q" * 201}, "q"),
    ("members-limit-zero", "{org}/members", {"limit": "0"}, "limit"),
    ("members-cursor-garbage", "{org}/members", {"cursor": "garbage"}, "cursor"),
    ("keys-cursor-empty", "{org}/api-keys", {"cursor": ""}, "cursor"),
    ("invitations-limit-text", "{org}/invitations", {"limit": "ten"}, "limit"),
    ("keys-limit-too-big", "{org}/api-keys", {"limit": "1000"}, "limit"),
    ("audit-since-text", "{org}/audit-log", {"since": "yesterday"}, "since"),
    ("audit-until-negative", "{org}/audit-log", {"until": "-5"}, "until"),
    ("audit-actor-format", "{org}/audit-log", {"actor_id": "xyz"}, "actor_id"),
    ("audit-limit-zero", "{org}/audit-log", {"limit": "0"}, "limit"),
    ("audit-action-too-long", "{org}/audit-log", {"action": "a" * 101}, "action"),
    ("audit-target-type-too-long", "{org}/audit-log", {"target_type": "t" * 101}, "target_type"),
    ("audit-target-type-empty", "{org}/audit-log", {"target_type": ""}, "target_type"),
    ("audit-action-empty", "{org}/audit-log", {"action": ""}, "action"),
    ("silences-include-expired-not-boolean", "{proj}/silences", {"include_expired": "0"}, "include_expired"),
    # The smallest int64 once crashed the sanitizer build: the default start is an hour (30 days) before the end.
    ("alerts-analytics-to-int64-min", "{proj}/alerts/analytics", {"to": "-9223372036854775808"}, "to"),
    ("alerts-from-after-year-9999", "{proj}/alerts", {"from": "253402300800000"}, "from"),
]


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c[0] for c in QUERY_CASES])
def test_a_bad_query_parameter_is_400_naming_it(cairn, fx, case):
    _, template, params, field = case
    resp = send(cairn, fx, "GET", template, auth=True, params=params)
    expect_error(resp, 400, field=field)


def test_delete_org_with_an_empty_confirm_is_422(cairn, fx):
    resp = send(cairn, fx, "DELETE", "{org}", auth=True, params={"confirm": ""})
    expect_error(resp, 422, field="confirm")
    assert read_state(cairn, fx) == fx.snapshot


# ----------------------------------------------------------------------------- path parameters

PATH_CASES = [
    ("org-uppercase", "GET", "/api/v1/orgs/UPPER-CASE", None),
    ("org-too-short", "GET", "/api/v1/orgs/a", None),
    ("org-too-long", "GET", "/api/v1/orgs/" + "a" * 60, None),
    ("org-dot-dot", "GET", "/api/v1/orgs/%2e%2e", None),
    ("org-underscore", "GET", "/api/v1/orgs/bad_slug", None),
    ("project-bad-slug", "GET", "{org}/projects/Bad_Slug", None),
    ("project-stats-bad-slug", "GET", "{org}/projects/x/stats", None),
    ("member-not-hex", "PATCH", "{org}/members/not-hex", {"role": "viewer"}),
    ("member-uppercase-hex", "DELETE", "{org}/members/" + "A" * 32, None),
    ("invitation-not-hex", "POST", "{org}/invitations/not-hex/resend", None),
    ("invitation-short", "DELETE", "{org}/invitations/123", None),
    ("key-not-hex", "GET", "{org}/api-keys/xyz", None),
    ("key-too-long", "GET", "{org}/api-keys/" + "a" * 33, None),
    ("key-usage-not-hex", "GET", "{org}/api-keys/xyz/usage", None),
    ("session-not-hex", "DELETE", "/api/v1/me/sessions/xyz", None),
    ("project-member-not-hex", "PUT", "{proj}/members/not-hex", {"role": "viewer"}),
    ("unknown-member-id", "PATCH", "{org}/members/" + "0" * 32, {"role": "viewer"}),
    ("unknown-key-id", "DELETE", "{org}/api-keys/" + "0" * 32, None),
    ("unknown-invitation-id", "DELETE", "{org}/invitations/" + "0" * 32, None),
    ("unknown-project-id", "GET", "{org}/projects/" + "0" * 32, None),
]


@pytest.mark.parametrize("case", PATH_CASES, ids=[c[0] for c in PATH_CASES])
def test_a_bad_path_parameter_is_404_or_422(cairn, fx, case):
    _, method, template, body = case
    kwargs = {"json": body} if body is not None else {}
    resp = send(cairn, fx, method, template, auth=True, **kwargs)
    assert resp.status_code in (404, 422), f"{resp.status_code}: {resp.text}"
    expect_error(resp, resp.status_code)
    assert read_state(cairn, fx) == fx.snapshot


# ----------------------------------------------------------------------------- body size

SIZE_ROUTES = [
    ("POST", "/api/v1/auth/signup", False),
    ("POST", "/api/v1/auth/login", False),
    ("PATCH", "/api/v1/me", True),
    ("POST", "/api/v1/orgs", True),
    ("PATCH", "{org}", True),
    ("POST", "{org}/invitations", True),
    ("POST", "{org}/projects", True),
    ("PATCH", "{proj}", True),
    ("POST", "{org}/api-keys", True),
]


@pytest.mark.parametrize("route", SIZE_ROUTES, ids=[route_id(r) for r in SIZE_ROUTES])
def test_a_body_over_the_size_limit_is_413(cairn, fx, route):
    method, template, auth = route
    headers = {"Authorization": f"Bearer {fx.user.access_token}"} if auth else {}
    resp = send_oversized(cairn.url, method, fx.fmt(template), OVERSIZED, headers)
    assert not resp.reset_before_response, f"connection closed without an answer ({resp.notes})"
    assert resp.status == 413, f"{resp.status}: {resp.body[:500]!r} ({resp.notes})"
    body = resp.json()
    assert body["error"]["code"] == "payload_too_large", body
    assert body["error"]["request_id"] == resp.headers.get("x-request-id"), (body, resp.headers)
    # The server still answers, and nothing changed.
    assert read_state(cairn, fx) == fx.snapshot


def test_error_shape_checker_rejects_a_non_error_body():
    """The suite's own guard: a 4xx whose body is not the error shape must not pass."""

    class Fake:
        status_code = 404
        headers = {"x-request-id": "r1"}

        def json(self):
            return {"detail": "not found"}

    assert error_shape_problem(Fake()) is not None
