"""How the server serves the built web UI (web/dist): SPA fallback, caching, and the CSP."""

from __future__ import annotations

import re

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
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
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
