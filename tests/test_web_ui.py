"""How the server serves the built web UI (web/dist): SPA fallback, caching, and the CSP."""

from __future__ import annotations

import re

import httpx
import pytest

from helpers import REPO

DIST = REPO / "web" / "dist"

pytestmark = pytest.mark.skipif(
    not (DIST / "index.html").exists(), reason="the web UI is not built (make web); make test builds it"
)


def test_root_serves_the_app_with_a_strict_csp_and_no_cache(api):
    resp = api.get("/")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in resp.text
    csp = resp.headers["content-security-policy"]
    script_src = csp.split("script-src")[1].split(";")[0].split()
    assert script_src == ["'self'"], csp  # no inline script, no eval, no WebAssembly
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["cache-control"] == "no-cache"
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_client_side_routes_fall_back_to_index_html(api):
    resp = api.get("/o/acme/projects/churn-model/settings")
    assert resp.status_code == 200
    assert resp.text == api.get("/").text


def test_hashed_assets_are_cached_for_a_year(api):
    index = api.get("/").text
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', index)
    assert assets, "index.html references no hashed asset"
    for path in assets:
        resp = api.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_missing_files_are_404_not_the_app(api):
    assert api.get("/assets/not-there.js").status_code == 404
    assert api.get("/nothing.png").status_code == 404


def test_assets_are_served_precompressed_in_the_best_encoding_the_client_accepts(api):
    """The build writes .br and .gz beside each asset; the server picks by Accept-Encoding and
    never sends an encoding the client did not ask for."""
    import gzip

    brotli = pytest.importorskip("brotli")
    index = api.get("/").text
    script = re.findall(r'src="(/assets/[^"]+\.js)"', index)[0]
    plain = api.get(script, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"

    def raw(accept: str):
        # A bare client: the helpers' clients read each body for their checks, which decodes it.
        with httpx.Client(base_url=api.base_url) as bare:
            with bare.stream("GET", script, headers={"Accept-Encoding": accept}) as resp:
                return resp, b"".join(resp.iter_raw())

    resp, body = raw("gzip, deflate, br")
    assert resp.headers["content-encoding"] == "br"
    assert brotli.decompress(body) == plain.content
    assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"
    resp, body = raw("gzip")
    assert resp.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain.content
    resp, body = raw("br;q=0, gzip;q=0")
    assert "content-encoding" not in resp.headers and body == plain.content


def test_the_mlflow_clients_view_links_open_the_app_and_the_mlflow_api_keeps_answering_json(
    signup, make_org, make_project, api,
):
    """mlflow prints "View run at <tracking URI>/#/experiments/<id>/runs/<id>" with the tracking URI
    /p/<org>/<project>: a browser GETs that path (the hash stays in the browser) and gets the app,
    which translates the hash; the MLflow REST API under the same prefix still answers JSON."""
    user = signup()
    org = make_org(user)
    project = make_project(user, org)
    prefix = f"/p/{org['slug']}/{project['slug']}"
    html = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    app = api.get("/").text
    for path in (prefix, prefix + "/", f"/p/{org['id']}/{project['id']}/"):
        resp = api.get(path, headers=html)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"].startswith("text/html")
        assert resp.text == app
        assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    # Not a browser, or not the project's page: the JSON 404 MLflow's clients parse.
    for path, headers in ((prefix, {"Accept": "application/json"}), (prefix + "/runs", html),
                          (prefix + "/api/2.0/mlflow/nothing", html), ("/p/only-org", html)):
        resp = api.get(path, headers=headers)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"].startswith("application/json"), path
        assert resp.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST", path
    posted = api.post(prefix, headers=html)
    assert posted.status_code == 404 and posted.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    created = user.client.post(f"{prefix}/api/2.0/mlflow/experiments/create", json={"name": "linked"}, headers=html)
    assert created.status_code == 200 and created.headers["content-type"].startswith("application/json")
    experiment_id = created.json()["experiment_id"]
    got = user.client.get(f"{prefix}/api/2.0/mlflow/experiments/get", params={"experiment_id": experiment_id},
                          headers=html)
    assert got.status_code == 200 and got.json()["experiment"]["name"] == "linked"
