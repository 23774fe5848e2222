"""``client.projects``: the projects of an organization."""

from __future__ import annotations

from typing import Any

from ..pagination import CursorPage
from ..types import Project
from ._base import Resource


class Projects(Resource):
    def list(
        self,
        *,
        org: str | None = None,
        q: str | None = None,
        visibility: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> CursorPage[Project]:
        """Projects the caller can see; iterating follows the cursor through every page.

        Args:
            q: search text. visibility: ``org`` or ``private``. sort: a field, ``-`` for descending.
            limit: page size (1 to 200).
        """
        path = self._org_path(org) + "/projects"

        def fetch(cursor: str | None) -> tuple[list[Project], str | None]:
            params = {"q": q, "visibility": visibility, "sort": sort, "limit": limit, "cursor": cursor}
            body = self._transport.json("GET", path, params=params)
            return [Project.from_json(p) for p in body["items"]], body.get("next_cursor")

        return CursorPage(fetch)

    def get(self, project: str, *, org: str | None = None) -> Project:
        """A project by slug or id (or ``org/project``)."""
        return Project.from_json(self._transport.json("GET", self._project_path(project, org)))

    def create(
        self,
        *,
        name: str,
        slug: str | None = None,
        description: str | None = None,
        visibility: str | None = None,
        org: str | None = None,
    ) -> Project:
        """A new project; the creator becomes its admin. Without ``slug`` the server derives one from ``name``."""
        if not name:
            raise ValueError("name must not be empty")
        body: dict[str, Any] = {"name": name}
        for key, value in (("slug", slug), ("description", description), ("visibility", visibility)):
            if value is not None:
                body[key] = value
        return Project.from_json(self._transport.json("POST", self._org_path(org) + "/projects", json=body))

    def delete(self, project: str, *, org: str | None = None) -> None:
        """Deletes a project and everything in it."""
        self._transport.json("DELETE", self._project_path(project, org))
