"""``client.orgs``: the caller's organizations."""

from __future__ import annotations

from typing import Any

from ..types import Organization
from ._base import Resource


class Orgs(Resource):
    def list(self) -> list[Organization]:
        """Every organization the caller belongs to (with an API key: the key's organization only)."""
        body = self._transport.json("GET", "/api/v1/orgs")
        return [Organization.from_json(o) for o in body["items"]]

    def get(self, org: str | None = None) -> Organization:
        """One organization by slug or id (default: the client's organization)."""
        return Organization.from_json(self._transport.json("GET", self._org_path(org)))

    def create(self, *, name: str, slug: str | None = None) -> Organization:
        """A new organization; the caller becomes its admin. Needs a signed-in user's token, not an API key."""
        body: dict[str, Any] = {"name": name}
        if slug is not None:
            body["slug"] = slug
        return Organization.from_json(self._transport.json("POST", "/api/v1/orgs", json=body))
