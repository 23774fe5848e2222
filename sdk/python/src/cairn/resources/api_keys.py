"""``client.api_keys``: scoped, expiring, rotatable keys of an organization."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..pagination import CursorPage
from ..scope import segment
from ..types import ApiKey, ApiKeyUsage, ApiKeyWithSecret
from ._base import Resource

SCOPES = frozenset({"read", "write", "deploy", "predict", "monitor", "admin"})


class ApiKeys(Resource):
    def list(self, *, org: str | None = None, limit: int | None = None) -> CursorPage[ApiKey]:
        """Keys of the organization (admins see all, others their own), newest first; never with secrets."""
        path = self._org_path(org) + "/api-keys"

        def fetch(cursor: str | None) -> tuple[list[ApiKey], str | None]:
            body = self._transport.json("GET", path, params={"limit": limit, "cursor": cursor})
            return [ApiKey.from_json(k) for k in body["items"]], body.get("next_cursor")

        return CursorPage(fetch)

    def create(
        self,
        *,
        name: str,
        scopes: Sequence[str],
        project_id: str | None = None,
        expires_at: int | None = None,
        org: str | None = None,
    ) -> ApiKeyWithSecret:
        """A new key. Its ``secret`` is in this answer only: store it now.

        Args:
            scopes: some of ``read``, ``write``, ``deploy``, ``predict``, ``monitor``, ``admin``
                (no more than the creator's role allows).
            project_id: restricts the key to one project.
            expires_at: ms since the epoch.
        """
        unknown = set(scopes) - SCOPES
        if not scopes or unknown:
            raise ValueError(f"scopes must be some of {sorted(SCOPES)}; got {list(scopes)}")
        body: dict[str, Any] = {"name": name, "scopes": list(scopes)}
        if project_id is not None:
            body["project_id"] = project_id
        if expires_at is not None:
            body["expires_at"] = expires_at
        return ApiKeyWithSecret.from_json(self._transport.json("POST", self._org_path(org) + "/api-keys", json=body))

    def get(self, key_id: str, *, org: str | None = None) -> ApiKey:
        return ApiKey.from_json(self._transport.json("GET", self._key_path(key_id, org)))

    def revoke(self, key_id: str, *, org: str | None = None) -> None:
        """Revokes the key at once; it stays listed with ``revoked_at``."""
        self._transport.json("DELETE", self._key_path(key_id, org))

    def rotate(self, key_id: str, *, grace_period_seconds: int = 0, org: str | None = None) -> ApiKeyWithSecret:
        """A new secret for the same key; the old one keeps working for ``grace_period_seconds``."""
        if grace_period_seconds < 0:
            raise ValueError("grace_period_seconds must be >= 0")
        body = {"grace_period_seconds": grace_period_seconds}
        return ApiKeyWithSecret.from_json(
            self._transport.json("POST", self._key_path(key_id, org) + "/rotate", json=body)
        )

    def usage(self, key_id: str, *, org: str | None = None) -> ApiKeyUsage:
        """Requests per day over the last 30 UTC days."""
        return ApiKeyUsage.from_json(self._transport.json("GET", self._key_path(key_id, org) + "/usage"))

    def _key_path(self, key_id: str, org: str | None) -> str:
        return f"{self._org_path(org)}/api-keys/{segment(key_id, what='key_id')}"
