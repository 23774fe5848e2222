"""``client.experiments``: the experiments of a project."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..pagination import CursorPage
from ..scope import segment
from ..types import Experiment
from ._base import Resource


class Experiments(Resource):
    def list(
        self,
        *,
        project: str | None = None,
        org: str | None = None,
        q: str | None = None,
        view: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
    ) -> CursorPage[Experiment]:
        """Experiments of the project; ``view`` is ``active`` (default), ``deleted`` or ``all``."""
        path = self._project_path(project, org) + "/experiments"

        def fetch(cursor: str | None) -> tuple[list[Experiment], str | None]:
            params = {"q": q, "view": view, "sort": sort, "limit": limit, "cursor": cursor}
            body = self._transport.json("GET", path, params=params)
            return [Experiment.from_json(e) for e in body["items"]], body.get("next_cursor")

        return CursorPage(fetch)

    def get(self, experiment_id: str, *, project: str | None = None, org: str | None = None) -> Experiment:
        path = f"{self._project_path(project, org)}/experiments/{segment(experiment_id, what='experiment_id')}"
        return Experiment.from_json(self._transport.json("GET", path))

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Experiment:
        """A new experiment in the project."""
        body: dict[str, Any] = {"name": name}
        if description is not None:
            body["description"] = description
        if tags:
            body["tags"] = dict(tags)
        path = self._project_path(project, org) + "/experiments"
        return Experiment.from_json(self._transport.json("POST", path, json=body))

    def set_tag(
        self, experiment_id: str, key: str, value: str, *, project: str | None = None, org: str | None = None
    ) -> Experiment:
        """Creates or replaces a tag of the experiment."""
        path = (
            f"{self._project_path(project, org)}/experiments/{segment(experiment_id, what='experiment_id')}"
            f"/tags/{segment(key, what='key')}"
        )
        return Experiment.from_json(self._transport.json("PUT", path, json={"value": value}))
