"""Tenancy: nothing of organization A is visible or changeable from organization B.

A member of B (an admin there, with every power in B) gets 404 — never 403 — for every
resource of A: the org, members, invitations, projects, project members, stats, API keys,
usage and the audit log; also when B's own paths are fed A's ids. An API key of A used on B's
paths gets 404 too. After each attempt, A's state is read back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from helpers import ROLE_SCOPES, expect_error, expect_json, items, org_path, project_path, unique_email


@dataclass
class World:
    org_a: dict
    admin_a: object
    member_a: object
    project_a: dict
    private_a: dict
    invitation_a: dict
    key_a: dict
    org_b: dict
    admin_b: object
    project_b: dict
    snapshot: dict

    def ids(self) -> dict:
        return {
            "A": org_path(self.org_a),
            "A_slug": f"/api/v1/orgs/{self.org_a['slug']}",
            "B": org_path(self.org_b),
            "pa": self.project_a["id"],
            "pa_slug": self.project_a["slug"],
            "pp": self.private_a["id"],
            "pb": self.project_b["id"],
            "ma": self.member_a.id,
            "ua": self.admin_a.id,
            "ub": self.admin_b.id,
            "inv": self.invitation_a["id"],
            "ka": self.key_a["id"],
            "name_a": self.org_a["name"],
        }


def read_state(cairn, w: World) -> dict:
    """What A's admin sees of A: must not change whatever B tries."""
    c = cairn.client(w.admin_a.access_token)
    a = org_path(w.org_a)
    org = expect_json(c.get(a))
    return {
        "org": org,
        "members": {m["user_id"]: m["role"] for m in items(c.get(f"{a}/members", params={"limit": 200}))},
        "invitations": {i["id"]: i["status"] for i in items(c.get(f"{a}/invitations", params={"limit": 200}))},
        "projects": {
            p["id"]: (p["name"], p["visibility"]) for p in items(c.get(f"{a}/projects", params={"limit": 200}))
        },
        "project_members": {
            m["user_id"]: m["role"] for m in items(c.get(f"{project_path(w.org_a, w.project_a)}/members"))
        },
        "keys": {
            k["id"]: (k["prefix"], k["revoked_at"]) for k in items(c.get(f"{a}/api-keys", params={"limit": 200}))
        },
    }


@pytest.fixture(scope="module")
def world(module_cairn) -> World:
    cairn = module_cairn
    admin_a = cairn.signup()
    org_a = cairn.make_org(admin_a)
    member_a = cairn.signup()
    cairn.add_member(admin_a, org_a, member_a, "developer")
    project_a = cairn.make_project(admin_a, org_a)
    private_a = cairn.make_project(admin_a, org_a, visibility="private")
    expect_json(
        admin_a.client.put(f"{project_path(org_a, project_a)}/members/{member_a.id}", json={"role": "developer"})
    )
    invitation_a, _ = cairn.invite(admin_a, org_a, unique_email("pending"), "viewer")
    key_a = cairn.make_key(admin_a, org_a, scopes=list(ROLE_SCOPES["admin"]))
    expect_json(cairn.key_client(key_a).get(org_path(org_a)))  # so usage and last_used exist

    admin_b = cairn.signup()
    org_b = cairn.make_org(admin_b)
    project_b = cairn.make_project(admin_b, org_b)
    w = World(org_a, admin_a, member_a, project_a, private_a, invitation_a, key_a, org_b, admin_b, project_b, {})
    w.snapshot = read_state(cairn, w)
    return w


# (name, method, path template, json body). Templates use World.ids().
B_USER_ON_A = [
    ("get_org", "GET", "{A}", None),
    ("get_org_by_slug", "GET", "{A_slug}", None),
    ("update_org", "PATCH", "{A}", {"name": "Taken over"}),
    ("delete_org", "DELETE", "{A}?confirm={name_a}", None),
    ("list_members", "GET", "{A}/members", None),
    ("change_member_role", "PATCH", "{A}/members/{ma}", {"role": "viewer"}),
    ("remove_member", "DELETE", "{A}/members/{ma}", None),
    ("list_invitations", "GET", "{A}/invitations", None),
    ("create_invitation", "POST", "{A}/invitations", {"email": "spy@example.com", "role": "admin"}),
    ("resend_invitation", "POST", "{A}/invitations/{inv}/resend", None),
    ("revoke_invitation", "DELETE", "{A}/invitations/{inv}", None),
    ("list_projects", "GET", "{A}/projects", None),
    ("create_project", "POST", "{A}/projects", {"name": "Planted", "slug": "planted"}),
    ("get_project", "GET", "{A}/projects/{pa}", None),
    ("get_project_by_slug", "GET", "{A}/projects/{pa_slug}", None),
    ("get_private_project", "GET", "{A}/projects/{pp}", None),
    ("update_project", "PATCH", "{A}/projects/{pa}", {"name": "Taken over"}),
    ("delete_project", "DELETE", "{A}/projects/{pa}", None),
    ("project_stats", "GET", "{A}/projects/{pa}/stats", None),
    ("list_project_members", "GET", "{A}/projects/{pa}/members", None),
    ("add_self_to_project", "PUT", "{A}/projects/{pa}/members/{ub}", {"role": "admin"}),
    ("remove_project_member", "DELETE", "{A}/projects/{pa}/members/{ma}", None),
    ("list_api_keys", "GET", "{A}/api-keys", None),
    ("create_api_key", "POST", "{A}/api-keys", {"name": "backdoor", "scopes": ["read"]}),
    ("get_api_key", "GET", "{A}/api-keys/{ka}", None),
    ("rotate_api_key", "POST", "{A}/api-keys/{ka}/rotate", {"grace_period_seconds": 0}),
    ("revoke_api_key", "DELETE", "{A}/api-keys/{ka}", None),
    ("api_key_usage", "GET", "{A}/api-keys/{ka}/usage", None),
    ("audit_log", "GET", "{A}/audit-log", None),
]

# B's own paths fed A's ids.
B_USER_ON_B_WITH_A_IDS = [
    ("project_by_id", "GET", "{B}/projects/{pa}", None),
    ("project_by_slug", "GET", "{B}/projects/{pa_slug}", None),
    ("update_project_by_id", "PATCH", "{B}/projects/{pa}", {"name": "Taken over"}),
    ("delete_project_by_id", "DELETE", "{B}/projects/{pa}", None),
    ("project_stats_by_id", "GET", "{B}/projects/{pa}/stats", None),
    ("project_members_by_id", "GET", "{B}/projects/{pa}/members", None),
    ("api_key_by_id", "GET", "{B}/api-keys/{ka}", None),
    ("rotate_api_key_by_id", "POST", "{B}/api-keys/{ka}/rotate", None),
    ("revoke_api_key_by_id", "DELETE", "{B}/api-keys/{ka}", None),
    ("api_key_usage_by_id", "GET", "{B}/api-keys/{ka}/usage", None),
    ("change_role_of_a_member", "PATCH", "{B}/members/{ma}", {"role": "admin"}),
    ("remove_a_member", "DELETE", "{B}/members/{ma}", None),
    ("resend_a_invitation", "POST", "{B}/invitations/{inv}/resend", None),
    ("revoke_a_invitation", "DELETE", "{B}/invitations/{inv}", None),
    ("add_a_member_to_b_project", "PUT", "{B}/projects/{pb}/members/{ma}", {"role": "viewer"}),
]

# A's admin-scoped key used on B.
A_KEY_ON_B = [
    ("get_org", "GET", "{B}", None),
    ("update_org", "PATCH", "{B}", {"name": "Taken over"}),
    ("list_members", "GET", "{B}/members", None),
    ("list_projects", "GET", "{B}/projects", None),
    ("get_project", "GET", "{B}/projects/{pb}", None),
    ("create_project", "POST", "{B}/projects", {"name": "Planted", "slug": "planted"}),
    ("list_invitations", "GET", "{B}/invitations", None),
    ("list_api_keys", "GET", "{B}/api-keys", None),
    ("audit_log", "GET", "{B}/audit-log", None),
    ("project_of_b_via_a_path", "GET", "{A}/projects/{pb}", None),
]


def attempt(client, method, template, body, w: World):
    path = template.format(**w.ids())
    if body is None:
        return client.request(method, path)
    return client.request(method, path, json=body)


@pytest.mark.parametrize("name,method,template,body", B_USER_ON_A, ids=[c[0] for c in B_USER_ON_A])
def test_a_member_of_another_org_gets_404(cairn, world, name, method, template, body):
    resp = attempt(cairn.client(world.admin_b.access_token), method, template, body, world)
    expect_error(resp, 404)
    assert read_state(cairn, world) == world.snapshot


@pytest.mark.parametrize(
    "name,method,template,body", B_USER_ON_B_WITH_A_IDS, ids=[c[0] for c in B_USER_ON_B_WITH_A_IDS]
)
def test_ids_of_another_org_are_404_under_my_org(cairn, world, name, method, template, body):
    resp = attempt(cairn.client(world.admin_b.access_token), method, template, body, world)
    expect_error(resp, 404)
    assert read_state(cairn, world) == world.snapshot


@pytest.mark.parametrize("name,method,template,body", A_KEY_ON_B, ids=[c[0] for c in A_KEY_ON_B])
def test_an_api_key_is_404_outside_its_org(cairn, world, name, method, template, body):
    resp = attempt(cairn.key_client(world.key_a), method, template, body, world)
    expect_error(resp, 404)
    b = cairn.client(world.admin_b.access_token)
    assert expect_json(b.get(org_path(world.org_b)))["name"] == world.org_b["name"]
    assert [p["id"] for p in items(b.get(f"{org_path(world.org_b)}/projects"))] == [world.project_b["id"]]
    assert read_state(cairn, world) == world.snapshot


def test_another_orgs_resources_never_appear_in_my_lists(cairn, world):
    b = cairn.client(world.admin_b.access_token)
    assert [o["id"] for o in items(b.get("/api/v1/orgs"))] == [world.org_b["id"]]
    assert [p["id"] for p in items(b.get(f"{org_path(world.org_b)}/projects"))] == [world.project_b["id"]]
    assert [m["user_id"] for m in items(b.get(f"{org_path(world.org_b)}/members"))] == [world.admin_b.id]
    assert items(b.get(f"{org_path(world.org_b)}/api-keys")) == []
    assert items(b.get(f"{org_path(world.org_b)}/invitations")) == []
    events = items(b.get(f"{org_path(world.org_b)}/audit-log", params={"limit": 200}))
    a_ids = set(world.ids().values()) - {world.admin_b.id, world.project_b["id"], org_path(world.org_b)}
    leaked = [e for e in events if e["target_id"] in a_ids or e["actor_id"] in a_ids]
    assert not leaked, leaked
