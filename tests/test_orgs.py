"""Organizations, members and roles, last-admin protection, and invitations through real email
(and, on a server without SMTP, through the link shown to the org's admins)."""

from __future__ import annotations

import re
import urllib.parse

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
    uid,
    unique_email,
    unique_slug,
)

ORG_KEYS = {"id", "slug", "name", "created_at", "updated_at", "role", "settings"}
MEMBER_KEYS = {"user_id", "email", "name", "role", "joined_at"}
INVITATION_KEYS = {"id", "email", "role", "invited_by", "created_at", "expires_at", "status"}
SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000
SLUG = re.compile(r"^[a-z0-9-]{2,50}$")


def members(user, org) -> dict:
    """user_id -> Member, following every page."""
    all_items, _ = collect_pages(user.client, f"{org_path(org)}/members", limit=200)
    return {m["user_id"]: m for m in all_items}


def invitations(admin, org) -> dict:
    all_items, _ = collect_pages(admin.client, f"{org_path(org)}/invitations", limit=200)
    return {i["id"]: i for i in all_items}


def my_orgs(user) -> dict:
    return {o["id"]: o for o in items(user.client.get("/api/v1/orgs"))}


# ----------------------------------------------------------------------------- organizations


def test_create_org_makes_the_creator_its_admin(cairn, signup):
    user = signup()
    slug = unique_slug("acme")
    before = now_ms()
    org = expect_json(user.client.post("/api/v1/orgs", json={"name": "Acme", "slug": slug}), 201)
    assert set(org) == ORG_KEYS
    assert HEX32.match(org["id"])
    assert org["slug"] == slug and org["name"] == "Acme" and org["role"] == "admin"
    assert org["settings"]["production_promotion"] in ("admins", "developers")
    assert before - 1000 <= org["created_at"] <= org["updated_at"] <= now_ms() + 1000

    assert expect_json(user.client.get(org_path(org))) == org
    assert expect_json(user.client.get(f"/api/v1/orgs/{slug}")) == org
    me = expect_json(user.client.get("/api/v1/me"))
    assert me["organizations"] == [{"id": org["id"], "slug": slug, "name": "Acme", "role": "admin"}]
    assert members(user, org)[user.id]["role"] == "admin"


def test_create_org_without_a_slug_derives_one_from_the_name(signup):
    user = signup()
    name = f"Acme Robotics {uid(6)}"
    org = expect_json(user.client.post("/api/v1/orgs", json={"name": name}), 201)
    assert SLUG.match(org["slug"]), org["slug"]
    assert org["slug"].startswith("acme-robotics"), org["slug"]
    assert expect_json(user.client.get(f"/api/v1/orgs/{org['slug']}"))["id"] == org["id"]


def test_create_org_with_a_taken_slug_conflicts(signup, make_org):
    alice, bob = signup(), signup()
    org = make_org(alice)
    expect_error(bob.client.post("/api/v1/orgs", json={"name": "Copy", "slug": org["slug"]}), 409)
    assert my_orgs(bob) == {}


def test_list_orgs_shows_only_mine_with_my_role(cairn, signup, make_org):
    alice, bob = signup(), signup()
    a1, a2 = make_org(alice), make_org(alice)
    b1 = make_org(bob)
    cairn.add_member(bob, b1, alice, "viewer")
    mine = my_orgs(alice)
    assert set(mine) == {a1["id"], a2["id"], b1["id"]}
    assert mine[a1["id"]]["role"] == "admin" and mine[b1["id"]]["role"] == "viewer"
    assert set(mine[b1["id"]]) == ORG_KEYS
    assert set(my_orgs(bob)) == {b1["id"]}


def test_update_org_changes_only_the_given_fields(signup, make_org):
    user = signup()
    org = make_org(user)
    renamed = expect_json(user.client.patch(org_path(org), json={"name": "Renamed"}))
    assert renamed["name"] == "Renamed"
    assert renamed["slug"] == org["slug"] and renamed["settings"] == org["settings"]
    assert renamed["updated_at"] >= org["updated_at"] and renamed["created_at"] == org["created_at"]

    flipped = "developers" if org["settings"]["production_promotion"] == "admins" else "admins"
    updated = expect_json(user.client.patch(org_path(org), json={"settings": {"production_promotion": flipped}}))
    assert updated["settings"]["production_promotion"] == flipped
    assert updated["name"] == "Renamed"
    assert expect_json(user.client.get(org_path(org))) == updated


def test_changing_the_slug_moves_the_org_to_the_new_slug(signup, make_org):
    user = signup()
    org = make_org(user)
    new_slug = unique_slug("moved")
    assert expect_json(user.client.patch(org_path(org), json={"slug": new_slug}))["slug"] == new_slug
    assert expect_json(user.client.get(f"/api/v1/orgs/{new_slug}"))["id"] == org["id"]
    expect_error(user.client.get(f"/api/v1/orgs/{org['slug']}"), 404)


def test_changing_the_slug_to_a_taken_one_conflicts_and_changes_nothing(signup, make_org):
    user = signup()
    org, other = make_org(user), make_org(user)
    expect_error(user.client.patch(org_path(org), json={"slug": other["slug"], "name": "Nope"}), 409)
    assert expect_json(user.client.get(org_path(org))) == org


def test_delete_org_requires_its_exact_name(signup, make_org):
    user = signup()
    org = make_org(user, name=f"Doomed {uid(6)}")
    expect_error(user.client.delete(org_path(org)), 422, field="confirm")
    expect_error(user.client.delete(org_path(org), params={"confirm": "wrong"}), 422, field="confirm")
    expect_error(user.client.delete(org_path(org), params={"confirm": org["name"].lower()}), 422, field="confirm")
    assert expect_json(user.client.get(org_path(org)))["id"] == org["id"]


def test_delete_org_removes_everything_under_it(cairn, signup, make_org, make_project, make_key):
    admin = signup()
    org = make_org(admin, name=f"Doomed {uid(6)}")
    member = signup()
    cairn.add_member(admin, org, member, "developer")
    project = make_project(admin, org)
    key = make_key(admin, org, scopes=["read"])
    key_client = cairn.key_client(key)
    expect_json(key_client.get(org_path(org)), 200)

    expect_status(admin.client.delete(org_path(org), params={"confirm": org["name"]}), 204)
    expect_error(admin.client.get(org_path(org)), 404)
    expect_error(admin.client.get(f"/api/v1/orgs/{org['slug']}"), 404)
    expect_error(admin.client.get(project_path(org, project)), 404)
    expect_error(member.client.get(org_path(org)), 404)
    assert org["id"] not in my_orgs(admin) and org["id"] not in my_orgs(member)
    assert expect_json(member.client.get("/api/v1/me"))["organizations"] == []
    expect_error(key_client.get(org_path(org)), 401)
    # The slug is free again.
    expect_json(admin.client.post("/api/v1/orgs", json={"name": "Reborn", "slug": org["slug"]}), 201)


# ----------------------------------------------------------------------------- members and roles


def test_members_list_shows_roles_ordered_by_name(cairn, signup, make_org):
    admin = signup(name=f"Mmm {uid(4)}")
    org = make_org(admin)
    zed, abe = signup(name=f"Zed {uid(4)}"), signup(name=f"Abe {uid(4)}")
    cairn.add_member(admin, org, zed, "viewer")
    before = now_ms()
    cairn.add_member(admin, org, abe, "developer")
    body = expect_json(zed.client.get(f"{org_path(org)}/members"))
    assert body["next_cursor"] is None
    listed = body["items"]
    assert [m["user_id"] for m in listed] == [abe.id, admin.id, zed.id]
    for m in listed:
        assert set(m) == MEMBER_KEYS
    by_id = {m["user_id"]: m for m in listed}
    assert by_id[abe.id] == {
        "user_id": abe.id, "email": abe.email, "name": abe.name, "role": "developer",
        "joined_at": by_id[abe.id]["joined_at"],
    }
    assert by_id[abe.id]["joined_at"] >= before - 1000
    assert by_id[zed.id]["role"] == "viewer" and by_id[admin.id]["role"] == "admin"


def test_members_list_paginates(cairn):
    team = cairn.team("developer", "viewer")
    all_members, pages = collect_pages(team.admin.client, f"{org_path(team.org)}/members", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    assert {m["user_id"] for m in all_members} == {team.admin.id, team["developer"].id, team["viewer"].id}


def test_admin_changes_a_member_role(cairn):
    team = cairn.team("developer")
    dev = team["developer"]
    updated = expect_json(team.admin.client.patch(f"{org_path(team.org)}/members/{dev.id}", json={"role": "admin"}))
    assert set(updated) == MEMBER_KEYS
    assert updated["user_id"] == dev.id and updated["role"] == "admin"
    assert members(team.admin, team.org)[dev.id]["role"] == "admin"
    assert expect_json(dev.client.get(org_path(team.org)))["role"] == "admin"
    assert expect_json(dev.client.get("/api/v1/me"))["organizations"][0]["role"] == "admin"


def test_changing_the_role_of_a_non_member_is_404(cairn, signup):
    team = cairn.team()
    stranger = signup()
    expect_error(team.admin.client.patch(f"{org_path(team.org)}/members/{stranger.id}", json={"role": "viewer"}), 404)
    expect_error(team.admin.client.delete(f"{org_path(team.org)}/members/{stranger.id}"), 404)
    expect_error(stranger.client.get(org_path(team.org)), 404)


def test_demoting_the_last_admin_conflicts(cairn):
    team = cairn.team("developer")
    resp = team.admin.client.patch(f"{org_path(team.org)}/members/{team.admin.id}", json={"role": "developer"})
    expect_error(resp, 409)
    assert members(team.admin, team.org)[team.admin.id]["role"] == "admin"


def test_the_last_admin_can_neither_leave_nor_be_removed(cairn):
    team = cairn.team("developer")
    expect_error(team.admin.client.delete(f"{org_path(team.org)}/members/{team.admin.id}"), 409)
    assert members(team.admin, team.org)[team.admin.id]["role"] == "admin"


def test_with_two_admins_one_may_step_down_but_not_the_last(cairn):
    team = cairn.team("admin")
    second = team["admin"]
    path = f"{org_path(team.org)}/members"
    assert expect_json(team.admin.client.patch(f"{path}/{team.admin.id}", json={"role": "viewer"}))["role"] == "viewer"
    expect_error(second.client.patch(f"{path}/{second.id}", json={"role": "developer"}), 409)
    expect_error(second.client.delete(f"{path}/{second.id}"), 409)
    roles = {uid_: m["role"] for uid_, m in members(second, team.org).items()}
    assert roles == {team.admin.id: "viewer", second.id: "admin"}


def test_a_member_can_leave(cairn):
    team = cairn.team("viewer")
    viewer = team["viewer"]
    expect_status(viewer.client.delete(f"{org_path(team.org)}/members/{viewer.id}"), 204)
    expect_error(viewer.client.get(org_path(team.org)), 404)
    assert viewer.id not in members(team.admin, team.org)


def test_removing_a_member_also_removes_their_project_memberships(cairn, make_project):
    team = cairn.team("developer")
    dev = team["developer"]
    project = make_project(team.admin, team.org)
    expect_json(
        team.admin.client.put(f"{project_path(team.org, project)}/members/{dev.id}", json={"role": "developer"})
    )
    expect_status(team.admin.client.delete(f"{org_path(team.org)}/members/{dev.id}"), 204)
    listed = items(team.admin.client.get(f"{project_path(team.org, project)}/members"))
    assert dev.id not in {m["user_id"] for m in listed}
    expect_error(dev.client.get(project_path(team.org, project)), 404)


# ----------------------------------------------------------------------------- invitations


def test_invitation_is_emailed_and_accepted_by_the_signed_in_invitee(cairn, smtp, signup):
    team = cairn.team()
    invitee = signup()
    before_count = smtp.count(invitee.email)
    before = now_ms()
    resp = team.admin.client.post(
        f"{org_path(team.org)}/invitations", json={"email": invitee.email, "role": "developer"}
    )
    invitation = expect_json(resp, 201)
    assert set(invitation) == INVITATION_KEYS | {"email_sent"}
    assert invitation["email_sent"] is True  # and so no accept_url: the link travels by mail only
    assert HEX32.match(invitation["id"])
    assert invitation["email"] == invitee.email and invitation["role"] == "developer"
    assert invitation["invited_by"] == team.admin.id and invitation["status"] == "pending"
    assert before - 1000 <= invitation["created_at"] <= now_ms() + 1000
    assert abs(invitation["expires_at"] - invitation["created_at"] - SEVEN_DAYS_MS) < 60_000

    mail = smtp.wait_for(invitee.email, after=before_count)
    token = mail.token
    assert cairn.url in mail.text
    # The token travels by mail only.
    assert token not in resp.text
    listing = team.admin.client.get(f"{org_path(team.org)}/invitations")
    assert token not in listing.text
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "pending"

    joined = expect_json(invitee.client.post("/api/v1/invitations/accept", json={"token": token}))
    assert joined["id"] == team.org["id"] and joined["role"] == "developer"
    assert set(joined) == ORG_KEYS
    assert members(team.admin, team.org)[invitee.id]["role"] == "developer"
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "accepted"
    # Accepting again: the token is used and the caller already a member (409 or 422 both fit the contract).
    again = invitee.client.post("/api/v1/invitations/accept", json={"token": token})
    assert again.status_code in (409, 422), again.text
    expect_error(again, again.status_code)
    assert members(team.admin, team.org)[invitee.id]["role"] == "developer"


def test_accepting_an_invitation_for_another_email_is_403(cairn, signup):
    team = cairn.team()
    invitee_email = unique_email("invitee")
    invitation, token = cairn.invite(team.admin, team.org, invitee_email, "viewer")
    intruder = signup()
    expect_error(intruder.client.post("/api/v1/invitations/accept", json={"token": token}), 403)
    expect_error(intruder.client.get(org_path(team.org)), 404)
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "pending"


def test_accepting_requires_sign_in(cairn, api):
    team = cairn.team()
    _, token = cairn.invite(team.admin, team.org, unique_email("invitee"), "viewer")
    expect_error(api.post("/api/v1/invitations/accept", json={"token": token}), 401)


def test_signing_up_with_an_invitation_token_joins_the_org(cairn):
    team = cairn.team()
    email = unique_email("newcomer")
    invitation, token = cairn.invite(team.admin, team.org, email, "viewer")
    user = cairn.signup(email=email, invitation_token=token)
    me = expect_json(user.client.get("/api/v1/me"))
    assert me["organizations"] == [
        {"id": team.org["id"], "slug": team.org["slug"], "name": team.org["name"], "role": "viewer"}
    ]
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "accepted"
    assert members(team.admin, team.org)[user.id]["role"] == "viewer"


def test_signing_up_with_an_invitation_for_another_email_is_422_and_creates_no_account(cairn):
    team = cairn.team()
    _, token = cairn.invite(team.admin, team.org, unique_email("invitee"), "viewer")
    email = unique_email("other")
    resp, _ = cairn.signup_request(email=email, invitation_token=token)
    expect_error(resp, 422, field="invitation_token")
    # No account was left behind: the address is still free.
    cairn.signup(email=email)


def test_inviting_a_member_or_a_pending_address_conflicts(cairn):
    team = cairn.team("developer")
    path = f"{org_path(team.org)}/invitations"
    expect_error(team.admin.client.post(path, json={"email": team["developer"].email, "role": "viewer"}), 409)
    email = unique_email("pending")
    cairn.invite(team.admin, team.org, email, "viewer")
    expect_error(team.admin.client.post(path, json={"email": email, "role": "admin"}), 409)
    pending = [i for i in invitations(team.admin, team.org).values() if i["email"] == email]
    assert len(pending) == 1 and pending[0]["role"] == "viewer"


def test_resending_issues_a_new_token_and_expiry(cairn, smtp, signup):
    team = cairn.team()
    invitee = signup()
    invitation, old_token = cairn.invite(team.admin, team.org, invitee.email, "developer")
    count = smtp.count(invitee.email)
    resent = expect_json(
        team.admin.client.post(f"{org_path(team.org)}/invitations/{invitation['id']}/resend"), 200
    )
    assert resent["id"] == invitation["id"] and resent["status"] == "pending"
    assert resent["expires_at"] >= invitation["expires_at"]
    new_token = smtp.wait_for_token(invitee.email, after=count)
    assert new_token != old_token
    expect_error(invitee.client.post("/api/v1/invitations/accept", json={"token": old_token}), 422, field="token")
    expect_json(invitee.client.post("/api/v1/invitations/accept", json={"token": new_token}), 200)
    # An accepted invitation cannot be resent.
    expect_error(team.admin.client.post(f"{org_path(team.org)}/invitations/{invitation['id']}/resend"), 409)


def test_a_revoked_invitation_cannot_be_accepted_or_resent(cairn, signup):
    team = cairn.team()
    invitee = signup()
    invitation, token = cairn.invite(team.admin, team.org, invitee.email, "developer")
    path = f"{org_path(team.org)}/invitations/{invitation['id']}"
    expect_status(team.admin.client.delete(path), 204)
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "revoked"
    expect_error(invitee.client.post("/api/v1/invitations/accept", json={"token": token}), 422, field="token")
    expect_error(team.admin.client.post(f"{path}/resend"), 409)
    expect_error(invitee.client.get(org_path(team.org)), 404)
    # With the old one revoked, the address can be invited again.
    cairn.invite(team.admin, team.org, invitee.email, "viewer")


def test_an_expired_invitation_cannot_be_accepted_until_resent(cairn, smtp, signup, db):
    team = cairn.team()
    invitee = signup()
    invitation, token = cairn.invite(team.admin, team.org, invitee.email, "viewer")
    # Seven days are too long to wait: move the expiry into the past in the database.
    db.execute("UPDATE invitations SET expires_at = ? WHERE id = ?", (now_ms() - 60_000, invitation["id"]))
    assert invitations(team.admin, team.org)[invitation["id"]]["status"] == "expired"
    expect_error(invitee.client.post("/api/v1/invitations/accept", json={"token": token}), 422, field="token")
    expect_error(invitee.client.get(org_path(team.org)), 404)

    count = smtp.count(invitee.email)
    resent = expect_json(team.admin.client.post(f"{org_path(team.org)}/invitations/{invitation['id']}/resend"), 200)
    assert resent["status"] == "pending" and resent["expires_at"] > now_ms() + SEVEN_DAYS_MS - 120_000
    new_token = smtp.wait_for_token(invitee.email, after=count)
    assert expect_json(invitee.client.post("/api/v1/invitations/accept", json={"token": new_token}))["role"] == "viewer"


def test_invitations_list_is_newest_first_and_paginates(cairn):
    team = cairn.team()
    created = [cairn.invite(team.admin, team.org, unique_email(f"inv{i}"), "viewer")[0] for i in range(3)]
    listed, pages = collect_pages(team.admin.client, f"{org_path(team.org)}/invitations", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    assert [i["id"] for i in listed] == [i["id"] for i in reversed(created)]
    for i in listed:
        assert set(i) == INVITATION_KEYS


# ----------------------------------------------------------------------------- without SMTP


def token_of(invitation: dict) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(invitation["accept_url"]).query)["token"][0]


@pytest.fixture(scope="module")
def mailless_server(server_factory, backend):
    return server_factory.start(backend, name=f"no-smtp-{backend}", sends_email=False)


def test_without_smtp_admins_get_the_invitation_link_to_pass_on(cairn_on, mailless_server, smtp):
    """No SMTP server: the invitation cannot be emailed, so its admin gets the link (once at
    creation, and in the list while it is pending), and the link works."""
    cairn = cairn_on(mailless_server)
    admin = cairn.signup()
    org = cairn.make_org(admin)
    developer, invitee = cairn.signup(), cairn.signup()
    log_offset = mailless_server.log_size()
    created = expect_json(admin.client.post(
        f"{org_path(org)}/invitations", json={"email": invitee.email, "role": "viewer"}), 201)
    assert created["email_sent"] is False and created["status"] == "pending"
    link = created["accept_url"]
    assert link.startswith(f"{mailless_server.url}/accept-invitation?token=")
    token = token_of(created)
    assert smtp.count(invitee.email) == 0

    listed = invitations(admin, org)[created["id"]]
    assert listed["accept_url"] == link
    # Tokens are secrets: not for members who are not admins, nor for other orgs' admins, nor in logs.
    to_developer = expect_json(admin.client.post(
        f"{org_path(org)}/invitations", json={"email": developer.email, "role": "developer"}), 201)
    expect_json(developer.client.post("/api/v1/invitations/accept", json={"token": token_of(to_developer)}))
    expect_error(developer.client.get(f"{org_path(org)}/invitations"), 403)
    outsider = cairn.signup()
    cairn.make_org(outsider)
    expect_error(outsider.client.get(f"{org_path(org)}/invitations"), 404)

    # A resend makes a new link; the old one stops working.
    resent = expect_json(admin.client.post(f"{org_path(org)}/invitations/{created['id']}/resend"))
    assert resent["email_sent"] is False and resent["accept_url"] != link
    new_token = token_of(resent)
    expect_error(invitee.client.post("/api/v1/invitations/accept", json={"token": token}), 422, field="token")
    joined = expect_json(invitee.client.post("/api/v1/invitations/accept", json={"token": new_token}))
    assert joined["id"] == org["id"] and joined["role"] == "viewer"
    # Accepted, revoked or expired invitations carry no link.
    assert "accept_url" not in invitations(admin, org)[created["id"]]
    revoked = expect_json(admin.client.post(
        f"{org_path(org)}/invitations", json={"email": unique_email("gone"), "role": "viewer"}), 201)
    expect_status(admin.client.delete(f"{org_path(org)}/invitations/{revoked['id']}"), 204)
    assert "accept_url" not in invitations(admin, org)[revoked["id"]]
    log = mailless_server.log_since(log_offset, max_lines=1_000_000)
    assert token not in log and new_token not in log
