"""Saved views of an experiment's runs grid, kept on the server: private to their creator or shared
with the project; names unique per owner; only the creator or a project admin changes a shared view;
read scope lists, write scope changes; another organization's experiment or another member's private
view answers 404."""

from __future__ import annotations

import pytest

from helpers import expect_error, expect_json, expect_status, project_path
from test_tracking import Workspace

STATE = {"columns": ["params.lr", "metrics.loss"], "filter": "params.lr > 0.1",
         "sort": {"key": "metrics.loss", "desc": False}, "groupBy": "params.model", "charts": []}


@pytest.fixture
def team(cairn):
    return cairn.team("developer", "viewer")


@pytest.fixture
def shared(cairn, team):
    project = cairn.make_project(team.admin, team.org)
    experiment = Workspace(team.admin, team.org, project).experiment()
    return project, experiment


def views_url(org, project, experiment) -> str:
    return f"{project_path(org, project)}/experiments/{experiment['id']}/views"


def test_create_list_get_update_delete_round_trip(team, shared, db):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    dev = team["developer"].client
    view = expect_json(dev.post(url, json={"name": "Best", "visibility": "project", "state": STATE}), 201)
    assert view["name"] == "Best" and view["visibility"] == "project" and view["state"] == STATE
    assert view["is_own"] is True and view["created_at"] == view["updated_at"]
    mine = expect_json(dev.post(url, json={"name": "Scratch", "state": {}}), 201)
    assert mine["visibility"] == "private"

    assert [v["name"] for v in expect_json(dev.get(url))["items"]] == ["Best", "Scratch"]
    # The viewer sees the shared view (not the developer's private one), marked as someone else's.
    seen = expect_json(team["viewer"].client.get(url))["items"]
    assert [(v["name"], v["is_own"]) for v in seen] == [("Best", False)]
    assert expect_json(dev.get(f"{url}/{view['id']}"))["state"] == STATE

    changed = expect_json(dev.patch(f"{url}/{view['id']}", json={"name": "Best v2", "state": {"columns": []}}))
    assert changed["name"] == "Best v2" and changed["state"] == {"columns": []}
    assert changed["visibility"] == "project"
    expect_status(dev.delete(f"{url}/{mine['id']}"), 204)
    expect_error(dev.get(f"{url}/{mine['id']}"), 404)
    actions = [r["action"] for r in db.query(
        f"SELECT action FROM audit_events WHERE org_id = '{team.org['id']}' AND target_type = 'saved_view'")]
    assert actions.count("saved_view.create") >= 2 and "saved_view.update" in actions
    assert "saved_view.delete" in actions


def test_bodies_are_validated(team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    dev = team["developer"].client
    expect_error(dev.post(url, json={"name": "", "state": {}}), 422, field="name")
    expect_error(dev.post(url, json={"name": "x" * 101, "state": {}}), 422, field="name")
    expect_error(dev.post(url, json={"name": "a"}), 422, field="state")
    expect_error(dev.post(url, json={"name": "a", "state": [1, 2]}), 422, field="state")
    expect_error(dev.post(url, json={"name": "a", "state": {"x": "y" * 33_000}}), 422, field="state")
    expect_error(dev.post(url, json={"name": "a", "state": {}, "visibility": "public"}), 422, field="visibility")
    expect_error(dev.post(url, json={"name": "a", "state": {}, "owner": "me"}), 422, field="owner")
    expect_error(dev.post(url, json={"name": None, "state": {}}), 422, field="name")
    view = expect_json(dev.post(url, json={"name": "a", "state": {}}), 201)
    expect_error(dev.patch(f"{url}/{view['id']}", json={"state": "text"}), 422, field="state")
    expect_error(dev.patch(f"{url}/{view['id']}", json={"created_by": "x"}), 422, field="created_by")


def test_names_are_unique_per_owner(team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    dev, admin = team["developer"].client, team.admin.client
    expect_json(dev.post(url, json={"name": "Same", "state": {}}), 201)
    expect_error(dev.post(url, json={"name": "Same", "state": {}}), 409, field="name")
    # Another member's private view and a shared view may take the same name.
    expect_json(admin.post(url, json={"name": "Same", "state": {}}), 201)
    shared_view = expect_json(dev.post(url, json={"name": "Same", "visibility": "project", "state": {}}), 201)
    expect_error(admin.post(url, json={"name": "Same", "visibility": "project", "state": {}}), 409, field="name")
    other = expect_json(dev.post(url, json={"name": "Other", "visibility": "project", "state": {}}), 201)
    expect_error(dev.patch(f"{url}/{other['id']}", json={"name": "Same"}), 409, field="name")
    # Making the shared "Same" private collides with the developer's own private "Same".
    expect_error(dev.patch(f"{url}/{shared_view['id']}", json={"visibility": "private"}), 409, field="name")


def test_private_views_of_another_member_answer_404(team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    mine = expect_json(team["developer"].client.post(url, json={"name": "Mine", "state": {}}), 201)
    # Even a project admin cannot see, change or delete it; a viewer may not write at all (403 first).
    expect_error(team.admin.client.patch(f"{url}/{mine['id']}", json={"name": "x"}), 404)
    expect_error(team.admin.client.delete(f"{url}/{mine['id']}"), 404)
    for user in (team.admin, team["viewer"]):
        expect_error(user.client.get(f"{url}/{mine['id']}"), 404)
        assert all(v["id"] != mine["id"] for v in expect_json(user.client.get(url))["items"])


def test_only_the_creator_or_a_project_admin_changes_a_shared_view(cairn, team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    other_dev = cairn.signup()
    cairn.add_member(team.admin, team.org, other_dev, "developer")
    view = expect_json(team["developer"].client.post(
        url, json={"name": "Team", "visibility": "project", "state": {}}), 201)
    expect_error(other_dev.client.patch(f"{url}/{view['id']}", json={"name": "Mine now"}), 403)
    expect_error(other_dev.client.delete(f"{url}/{view['id']}"), 403)
    # Viewers cannot write at all (tracking_write needs a developer).
    expect_error(team["viewer"].client.post(url, json={"name": "V", "state": {}}), 403)
    expect_error(team["viewer"].client.delete(f"{url}/{view['id']}"), 403)
    renamed = expect_json(team.admin.client.patch(f"{url}/{view['id']}", json={"name": "Admin's"}))
    assert renamed["name"] == "Admin's" and renamed["created_by"] == view["created_by"]
    expect_status(team.admin.client.delete(f"{url}/{view['id']}"), 204)


def test_read_scope_lists_and_write_scope_changes(cairn, team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    view = expect_json(team.admin.client.post(url, json={"name": "K", "visibility": "project", "state": {}}), 201)
    reader = cairn.key_client(cairn.make_key(team.admin, team.org, scopes=["read"]))
    writer = cairn.key_client(cairn.make_key(team.admin, team.org, scopes=["read", "write"]))
    assert [v["name"] for v in expect_json(reader.get(url))["items"]] == ["K"]
    expect_error(reader.post(url, json={"name": "R", "state": {}}), 403)
    expect_error(reader.patch(f"{url}/{view['id']}", json={"name": "R"}), 403)
    created = expect_json(writer.post(url, json={"name": "W", "state": {}}), 201)
    # A key acts for the user who made it: the admin owns the key's private view.
    assert created["created_by"] == view["created_by"]
    expect_status(writer.delete(f"{url}/{view['id']}"), 204)


def test_another_organization_answers_404(cairn, team, shared):
    project, experiment = shared
    url = views_url(team.org, project, experiment)
    view = expect_json(team.admin.client.post(url, json={"name": "S", "visibility": "project", "state": {}}), 201)
    stranger = cairn.signup()
    their_org = cairn.make_org(stranger)
    their_project = cairn.make_project(stranger, their_org)
    expect_error(stranger.client.get(url), 404)
    expect_error(stranger.client.get(f"{url}/{view['id']}"), 404)
    # Through their own project the experiment id is not theirs either.
    theirs = views_url(their_org, their_project, experiment)
    expect_error(stranger.client.get(theirs), 404)
    expect_error(stranger.client.post(theirs, json={"name": "x", "state": {}}), 404)
    expect_error(stranger.client.delete(f"{theirs}/{view['id']}"), 404)
    # A view id of another experiment in the same project answers 404 too.
    other = Workspace(team.admin, team.org, project).experiment()
    expect_error(team.admin.client.get(f"{views_url(team.org, project, other)}/{view['id']}"), 404)
