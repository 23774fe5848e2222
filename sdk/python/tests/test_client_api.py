"""The client against a real server: tenancy, tracking, API keys, cursors and errors by status."""

from __future__ import annotations

import httpx
import pytest

from cairn import (
    AuthenticationError,
    Cairn,
    CairnError,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from cairn.pagination import CursorPage
from cairn.types import ApiKeyWithSecret, Project, Run
from live_server import Account, LiveServer, start_live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_live_server(tmp_path_factory)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def account(server: LiveServer) -> Account:
    return server.account()


@pytest.fixture
def client(server: LiveServer, account: Account):
    with Cairn(url=server.url, api_key=account.api_key, project=account.project) as c:
        yield c


def test_environment_configures_the_client(server, account, monkeypatch):
    monkeypatch.setenv("CAIRN_URL", server.url)
    monkeypatch.setenv("CAIRN_API_KEY", account.api_key)
    monkeypatch.setenv("CAIRN_PROJECT", f"{account.org}/{account.project}")
    with Cairn() as c:
        assert c.projects.get(c.project).slug == account.project
        assert account.api_key not in repr(c)


def test_client_without_key_says_how_to_get_one(monkeypatch):
    monkeypatch.delenv("CAIRN_API_KEY", raising=False)
    with pytest.raises(CairnError, match="CAIRN_API_KEY"):
        Cairn(url="http://127.0.0.1:1")


def test_key_finds_its_organization(client, account):
    [org] = client.orgs.list()
    assert org.slug == account.org and org.role == "admin"
    assert client.default_org() == account.org
    assert client.orgs.get().id == org.id


def test_projects_create_get_and_list_follow_cursors(client, account):
    created = [client.projects.create(name=f"Cursor {i}", slug=f"cursor-{i}") for i in range(5)]
    assert client.projects.get("cursor-3").id == created[3].id
    assert client.projects.get(f"{account.org}/cursor-3").id == created[3].id

    page = client.projects.list(q="Cursor", limit=2)
    assert isinstance(page, CursorPage) and len(page.items) == 2 and page.has_next_page()
    pages = list(page.iter_pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    every = list(client.projects.list(q="Cursor", limit=2))
    assert all(isinstance(p, Project) for p in every)
    assert sorted(p.slug for p in every) == [f"cursor-{i}" for i in range(5)]


def test_experiments_and_run_search_follow_page_tokens(client, account):
    experiment = client.experiments.create(name="search-me", tags={"team": "sdk"})
    assert client.experiments.get(experiment.id).tags == {"team": "sdk"}
    assert experiment.id in [e.id for e in client.experiments.list()]
    base = f"/api/v1/orgs/{account.org}/projects/{account.project}"
    for i in range(5):
        run = account.http.post(f"{base}/experiments/{experiment.id}/runs", json={"name": f"run-{i}"})
        assert run.status_code == 201, run.text
        logged = account.http.post(
            f"{base}/runs/{run.json()['id']}/log-batch",
            json={"metrics": [{"key": "rmse", "value": i / 10, "timestamp": 1, "step": 0}]},
        )
        assert logged.status_code == 204, logged.text

    page = client.runs.search(experiment_ids=[experiment.id], order_by=["metrics.rmse ASC"], page_size=2)
    assert len(page.items) == 2 and page.next_cursor
    runs = list(page)
    assert [r.name for r in runs] == [f"run-{i}" for i in range(5)]
    assert isinstance(runs[0], Run) and runs[0].metrics["rmse"].value == 0.0
    assert sorted(r.name for r in client.runs.search(filter="metrics.rmse > 0.25")) == ["run-3", "run-4"]
    assert client.runs.get(runs[1].id).name == "run-1"


def test_another_orgs_project_is_not_found(server, client):
    other = server.account()
    with pytest.raises(NotFoundError) as err:
        client.projects.get(other.project, org=other.org)
    e = err.value
    assert e.status_code == 404 and e.code == "not_found"
    assert e.request_id and len(e.request_id) >= 8
    assert e.request_id == e.response.headers["x-request-id"]


def test_validation_error_names_the_field(client):
    with pytest.raises(UnprocessableEntityError) as err:
        client.projects.create(name="x" * 101)
    assert err.value.status_code == 422
    assert err.value.code == "validation_failed"
    assert err.value.field == "name"
    assert "100" in err.value.message


def test_sdk_validates_before_sending(client):
    with pytest.raises(ValueError, match="scopes"):
        client.api_keys.create(name="bad", scopes=["everything"])
    with pytest.raises(ValueError, match="org/project"):
        client.projects.get("a/b/c")
    with pytest.raises(ValueError, match="version"):
        client.models.versions.get("m", 0)


def test_read_only_key_is_denied_writes(server, account):
    key = server.new_key(account, scopes=("read",))
    with Cairn(url=server.url, api_key=key) as c:
        assert [p.slug for p in c.projects.list()]
        with pytest.raises(PermissionDeniedError) as err:
            c.projects.create(name="Not allowed")
    assert err.value.status_code == 403 and err.value.code == "forbidden"


def test_api_keys_create_rotate_revoke(server, client, account):
    created = client.api_keys.create(name="ci", scopes=["read"])
    assert isinstance(created, ApiKeyWithSecret) and created.secret.startswith("cairn_")
    assert created.secret not in repr(created)
    assert client.api_keys.get(created.id).name == "ci"
    assert created.id in [k.id for k in client.api_keys.list()]
    assert len(client.api_keys.usage(created.id).days) == 30

    rotated = client.api_keys.rotate(created.id)
    assert rotated.secret != created.secret
    with Cairn(url=server.url, api_key=created.secret, max_retries=0) as old:
        with pytest.raises(AuthenticationError) as err:
            old.orgs.list()
    assert err.value.status_code == 401 and err.value.code == "unauthenticated"

    client.api_keys.revoke(created.id)
    with Cairn(url=server.url, api_key=rotated.secret) as revoked, pytest.raises(AuthenticationError):
        revoked.orgs.list()


def test_user_access_token_also_works(server, account):
    with Cairn(url=server.url, api_key=account.token) as c:
        created = c.orgs.create(name="Second org")
        assert {o.slug for o in c.orgs.list()} >= {account.org, created.slug}
        # With two organizations, calls that name none cannot guess.
        with pytest.raises(CairnError, match="org="):
            c.projects.list()
        assert c.projects.list(org=created.slug).items == []


def test_unreachable_server_is_a_connection_error():
    from cairn import APIConnectionError

    with Cairn(url="http://127.0.0.1:9", api_key="cairn_x_y", max_retries=1) as c:
        with pytest.raises(APIConnectionError):
            c.orgs.list()


def test_own_http_client_is_used_and_left_open(server, account):
    seen = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(r.url.path)]})
    with Cairn(url=server.url, api_key=account.api_key, http_client=http) as c:
        c.orgs.list()
    assert seen == ["/api/v1/orgs"]
    assert not http.is_closed
    http.close()
