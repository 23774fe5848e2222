"""Projects: CRUD, search, filters, sorting, cursor pagination, private visibility, members, stats."""

from __future__ import annotations

import random
import re
import time

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
    unique_slug,
)

PROJECT_KEYS = {"id", "org_id", "slug", "name", "description", "visibility", "created_by", "created_at", "updated_at"}
PROJECT_MEMBER_KEYS = {"user_id", "email", "name", "role", "added_at"}


def listed_ids(user, org, **params) -> list[str]:
    all_items, _ = collect_pages(user.client, f"{org_path(org)}/projects", params, limit=200)
    return [p["id"] for p in all_items]


def project_members(user, org, project) -> dict:
    return {m["user_id"]: m for m in items(user.client.get(f"{project_path(org, project)}/members"))}


# ----------------------------------------------------------------------------- CRUD


def test_create_project_returns_it_with_defaults(signup, make_org):
    user = signup()
    org = make_org(user)
    slug = unique_slug("churn")
    before = now_ms()
    project = expect_json(
        user.client.post(f"{org_path(org)}/projects", json={"name": "Churn model", "slug": slug}), 201
    )
    assert set(project) == PROJECT_KEYS
    assert HEX32.match(project["id"])
    assert project["org_id"] == org["id"] and project["slug"] == slug and project["name"] == "Churn model"
    assert project["description"] == "" and project["visibility"] == "org"
    assert project["created_by"] == user.id
    assert before - 1000 <= project["created_at"] <= project["updated_at"] <= now_ms() + 1000
    assert expect_json(user.client.get(project_path(org, project))) == project
    assert expect_json(user.client.get(project_path(org, slug))) == project
    assert expect_json(user.client.get(project_path(org["slug"], slug))) == project


def test_the_creator_becomes_project_admin(cairn, make_project):
    team = cairn.team("developer")
    dev = team["developer"]
    project = make_project(dev, team.org)
    member = project_members(dev, team.org, project)[dev.id]
    assert set(member) == PROJECT_MEMBER_KEYS
    assert member["role"] == "admin" and member["email"] == dev.email and member["name"] == dev.name


def test_create_project_without_a_slug_derives_one_from_the_name(signup, make_org):
    user = signup()
    org = make_org(user)
    project = expect_json(user.client.post(f"{org_path(org)}/projects", json={"name": f"Fraud Detector {uid(4)}"}), 201)
    assert re.match(r"^[a-z0-9-]{2,50}$", project["slug"]) and project["slug"].startswith("fraud-detector")


def test_a_taken_slug_conflicts_within_the_org_but_not_across_orgs(signup, make_org, make_project):
    user = signup()
    org, other_org = make_org(user), make_org(user)
    project = make_project(user, org)
    resp = user.client.post(f"{org_path(org)}/projects", json={"name": "Again", "slug": project["slug"]})
    expect_error(resp, 409)
    assert listed_ids(user, org) == [project["id"]]
    twin = make_project(user, other_org, slug=project["slug"])
    assert twin["id"] != project["id"]


def test_update_project_changes_only_the_given_fields(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    project = make_project(user, org, description="first")
    updated = expect_json(user.client.patch(project_path(org, project), json={"description": "second"}))
    assert updated["description"] == "second"
    assert {k: updated[k] for k in ("id", "slug", "name", "visibility", "created_at", "created_by")} == {
        k: project[k] for k in ("id", "slug", "name", "visibility", "created_at", "created_by")
    }
    assert updated["updated_at"] >= project["updated_at"]
    renamed = expect_json(user.client.patch(project_path(org, project), json={"name": "New name", "visibility": "private"}))
    assert renamed["name"] == "New name" and renamed["visibility"] == "private" and renamed["description"] == "second"
    assert expect_json(user.client.get(project_path(org, project))) == renamed


def test_delete_project_removes_it(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    doomed, kept = make_project(user, org), make_project(user, org)
    expect_status(user.client.delete(project_path(org, doomed)), 204)
    expect_error(user.client.get(project_path(org, doomed)), 404)
    expect_error(user.client.get(f"{project_path(org, doomed)}/stats"), 404)
    expect_error(user.client.delete(project_path(org, doomed)), 404)
    assert listed_ids(user, org) == [kept["id"]]


def test_project_stats_of_a_new_project_are_zero(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    project = make_project(user, org)
    assert expect_json(user.client.get(f"{project_path(org, project)}/stats")) == {
        "experiments": 0, "runs": 0, "models": 0, "deployments": 0,
    }


def test_project_stats_count_experiments_runs_and_registered_models(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    project = make_project(user, org)
    base = project_path(org, project)
    experiment = expect_json(user.client.post(f"{base}/experiments", json={"name": "exp"}), 201)
    for _ in range(2):
        expect_json(user.client.post(f"{base}/experiments/{experiment['id']}/runs", json={}), 201)
    for name in ("churn", "fraud", "ltv"):
        expect_json(user.client.post(f"{base}/models", json={"name": name}), 201)
    assert expect_json(user.client.get(f"{base}/stats")) == {
        "experiments": 1, "runs": 2, "models": 3, "deployments": 0,
    }
    expect_status(user.client.delete(f"{base}/models/ltv"), 204)
    assert expect_json(user.client.get(f"{base}/stats"))["models"] == 2


# ----------------------------------------------------------------------------- search, filters, sort


def test_search_matches_names_slugs_and_descriptions_case_insensitively(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    token = uid(8)
    by_name = make_project(user, org, name=f"Churn {token} model")
    by_slug = make_project(user, org, name="Slugged", slug=f"s-{token}")
    by_description = make_project(user, org, name="Described", description=f"About {token.upper()} things")
    make_project(user, org, name="Unrelated")
    found = listed_ids(user, org, q=token.upper())
    assert sorted(found) == sorted([by_name["id"], by_slug["id"], by_description["id"]])
    assert listed_ids(user, org, q="no-such-" + uid()) == []


def test_visibility_filter(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    public = make_project(user, org)
    private = make_project(user, org, visibility="private")
    assert private["visibility"] == "private"
    assert listed_ids(user, org, visibility="private") == [private["id"]]
    assert listed_ids(user, org, visibility="org") == [public["id"]]


def test_sort_by_name_created_and_updated(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    names = [f"p-{w}-{uid(4)}" for w in ("delta", "alpha", "charlie", "bravo")]
    made = {}
    for name in names:
        made[name] = make_project(user, org, name=name)

    def names_for(sort=None):
        params = {"sort": sort} if sort else {}
        all_items, _ = collect_pages(user.client, f"{org_path(org)}/projects", params, limit=200)
        return all_items

    assert [p["name"] for p in names_for()] == sorted(names)  # default: name
    assert [p["name"] for p in names_for("name")] == sorted(names)
    assert [p["name"] for p in names_for("-name")] == sorted(names, reverse=True)
    created = [p["created_at"] for p in names_for("created_at")]
    assert created == sorted(created)
    assert [p["name"] for p in names_for("created_at")] == names or len(set(created)) < len(created)
    created_desc = [p["created_at"] for p in names_for("-created_at")]
    assert created_desc == sorted(created_desc, reverse=True)

    touched = made[names[1]]
    expect_json(user.client.patch(project_path(org, touched), json={"description": "touched"}))
    newest = names_for("-updated_at")
    assert newest[0]["id"] == touched["id"]
    assert names_for("updated_at")[-1]["id"] == touched["id"]


def test_cursor_pagination_visits_every_project_once_in_order(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    names = [f"page-{i:02d}-{uid(4)}" for i in range(25)]
    random.Random(7).shuffle(names)  # creation order differs from name order
    created = {make_project(user, org, name=name)["id"]: name for name in names}

    listed, pages = collect_pages(user.client, f"{org_path(org)}/projects", {"sort": "name"}, limit=10)
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [p["name"] for p in listed] == sorted(names)
    assert len({p["id"] for p in listed}) == 25 and {p["id"] for p in listed} == set(created)

    listed_desc, pages_desc = collect_pages(user.client, f"{org_path(org)}/projects", {"sort": "-created_at"}, limit=7)
    assert [len(p) for p in pages_desc] == [7, 7, 7, 4]
    assert {p["id"] for p in listed_desc} == set(created)
    stamps = [p["created_at"] for p in listed_desc]
    assert stamps == sorted(stamps, reverse=True)


def test_pagination_keeps_the_search_filter(signup, make_org, make_project):
    user = signup()
    org = make_org(user)
    token = uid(6)
    wanted = {make_project(user, org, name=f"match-{token}-{i}")["id"] for i in range(5)}
    for i in range(3):
        make_project(user, org, name=f"other-{i}")
    listed, pages = collect_pages(user.client, f"{org_path(org)}/projects", {"q": token}, limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert {p["id"] for p in listed} == wanted


def test_default_page_size_is_fifty(signup, make_org):
    user = signup()
    org = make_org(user)
    for i in range(51):
        expect_json(user.client.post(f"{org_path(org)}/projects", json={"name": f"bulk-{i:02d}", "slug": f"bulk-{i:02d}"}), 201)
    body = expect_json(user.client.get(f"{org_path(org)}/projects"))
    assert len(body["items"]) == 50 and body["next_cursor"]
    rest = expect_json(user.client.get(f"{org_path(org)}/projects", params={"cursor": body["next_cursor"]}))
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None


# ----------------------------------------------------------------------------- private projects


def test_a_private_project_is_invisible_to_org_members_outside_it(cairn, make_project):
    team = cairn.team("developer", "admin")
    owner, dev, other_admin = team.admin, team["developer"], team["admin"]
    private = make_project(owner, team.org, visibility="private")
    shared = make_project(owner, team.org)
    path = project_path(team.org, private)

    assert listed_ids(dev, team.org) == [shared["id"]]
    for sub in ("", "/stats", "/members"):
        expect_error(dev.client.get(path + sub), 404)
    expect_error(dev.client.get(project_path(team.org, private["slug"])), 404)
    expect_error(dev.client.patch(path, json={"name": "Seen"}), 404)
    expect_error(dev.client.delete(path), 404)
    assert expect_json(owner.client.get(path))["name"] == private["name"]

    # Org admins see every project.
    assert sorted(listed_ids(other_admin, team.org)) == sorted([private["id"], shared["id"]])
    expect_json(other_admin.client.get(path))

    # Project members see it.
    expect_json(owner.client.put(f"{path}/members/{dev.id}", json={"role": "viewer"}))
    expect_json(dev.client.get(path))
    assert sorted(listed_ids(dev, team.org)) == sorted([private["id"], shared["id"]])


def test_making_a_project_private_hides_it(cairn, make_project):
    team = cairn.team("viewer")
    project = make_project(team.admin, team.org)
    expect_json(team["viewer"].client.get(project_path(team.org, project)))
    expect_json(team.admin.client.patch(project_path(team.org, project), json={"visibility": "private"}))
    expect_error(team["viewer"].client.get(project_path(team.org, project)), 404)
    assert listed_ids(team["viewer"], team.org) == []


# ----------------------------------------------------------------------------- project members


def test_set_project_member_is_idempotent_and_updates_the_role(cairn, make_project):
    team = cairn.team("developer")
    dev = team["developer"]
    project = make_project(team.admin, team.org)
    path = f"{project_path(team.org, project)}/members/{dev.id}"
    before = now_ms()
    added = expect_json(team.admin.client.put(path, json={"role": "developer"}))
    assert set(added) == PROJECT_MEMBER_KEYS
    assert added["user_id"] == dev.id and added["role"] == "developer" and added["email"] == dev.email
    assert added["added_at"] >= before - 1000
    time.sleep(0.01)  # a re-PUT that rewrote added_at would show
    again = expect_json(team.admin.client.put(path, json={"role": "developer"}))
    assert again == added
    changed = expect_json(team.admin.client.put(path, json={"role": "viewer"}))
    assert changed["role"] == "viewer"
    listed = project_members(team.admin, team.org, project)
    assert set(listed) == {team.admin.id, dev.id} and listed[dev.id]["role"] == "viewer"

    expect_status(team.admin.client.delete(path), 204)
    assert set(project_members(team.admin, team.org, project)) == {team.admin.id}
    expect_error(team.admin.client.delete(path), 404)


def test_project_members_must_belong_to_the_org(cairn, signup, make_project):
    team = cairn.team()
    stranger = signup()
    project = make_project(team.admin, team.org)
    resp = team.admin.client.put(f"{project_path(team.org, project)}/members/{stranger.id}", json={"role": "viewer"})
    expect_error(resp, 404)
    assert set(project_members(team.admin, team.org, project)) == {team.admin.id}


def test_a_developer_who_is_project_admin_manages_its_members(cairn, make_project):
    team = cairn.team("developer", "viewer")
    dev, viewer = team["developer"], team["viewer"]
    project = make_project(dev, team.org)
    path = f"{project_path(team.org, project)}/members/{viewer.id}"
    expect_json(dev.client.put(path, json={"role": "viewer"}))
    expect_status(dev.client.delete(path), 204)


def test_a_developer_needs_a_project_role_to_update_a_project(cairn, make_project):
    team = cairn.team("developer")
    dev = team["developer"]
    project = make_project(team.admin, team.org)
    path = project_path(team.org, project)
    expect_error(dev.client.patch(path, json={"name": "Not yet"}), 403)
    expect_json(team.admin.client.put(f"{path}/members/{dev.id}", json={"role": "viewer"}))
    expect_error(dev.client.patch(path, json={"name": "Still no"}), 403)
    expect_json(team.admin.client.put(f"{path}/members/{dev.id}", json={"role": "developer"}))
    assert expect_json(dev.client.patch(path, json={"name": "Now yes"}))["name"] == "Now yes"
    # Developers of a project still may not delete it; its admins may.
    expect_error(dev.client.delete(path), 403)
    expect_json(team.admin.client.put(f"{path}/members/{dev.id}", json={"role": "admin"}))
    expect_status(dev.client.delete(path), 204)


def test_a_developer_deletes_a_project_they_created(cairn, make_project):
    team = cairn.team("developer")
    dev = team["developer"]
    project = make_project(dev, team.org)
    expect_status(dev.client.delete(project_path(team.org, project)), 204)
    expect_error(team.admin.client.get(project_path(team.org, project)), 404)
