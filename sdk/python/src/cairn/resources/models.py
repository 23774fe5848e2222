"""``client.models``: the registered models of a project (``client.models.versions`` for their versions)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ..errors import ConflictError, NotFoundError
from ..pagination import CursorPage
from ..scope import segment
from ..types import ModelVersion, RegisteredModel
from ._base import Resource
from .model_versions import ModelVersions


class Models(Resource):
    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.versions = ModelVersions(client)

    def list(
        self,
        *,
        q: str | None = None,
        stage: str | None = None,
        framework: str | None = None,
        tag: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> CursorPage[RegisteredModel]:
        """Registered models of the project; iterating follows the cursor through every page."""
        path = self._project_path(project, org) + "/models"

        def fetch(cursor: str | None) -> tuple[list[RegisteredModel], str | None]:
            params = {
                "q": q,
                "stage": stage,
                "framework": framework,
                "tag": tag,
                "sort": sort,
                "limit": limit,
                "cursor": cursor,
            }
            body = self._transport.json("GET", path, params=params)
            return [RegisteredModel.from_json(m) for m in body["items"]], body.get("next_cursor")

        return CursorPage(fetch)

    def get(self, model: str, *, project: str | None = None, org: str | None = None) -> RegisteredModel:
        """A registered model by name or id."""
        return RegisteredModel.from_json(self._transport.json("GET", self._path(model, project, org)))

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> RegisteredModel:
        """Registers a model name (versions come from runs or uploads)."""
        body: dict[str, Any] = {"name": name}
        if description is not None:
            body["description"] = description
        if tags:
            body["tags"] = dict(tags)
        path = self._project_path(project, org) + "/models"
        return RegisteredModel.from_json(self._transport.json("POST", path, json=body))

    def delete(self, model: str, *, project: str | None = None, org: str | None = None) -> None:
        """Deletes the model and all its versions."""
        self._transport.json("DELETE", self._path(model, project, org))

    def set_tag(self, model: str, key: str, value: str, *, project: str | None = None, org: str | None = None) -> None:
        """Creates or replaces a tag of the registered model."""
        path = f"{self._path(model, project, org)}/tags/{segment(key, what='key')}"
        self._transport.json("PUT", path, json={"value": value})

    def set_alias(
        self, model: str, alias: str, *, version: int, project: str | None = None, org: str | None = None
    ) -> ModelVersion:
        """Points ``alias`` (e.g. ``champion``) at a version, moving it if it pointed elsewhere."""
        path = f"{self._path(model, project, org)}/aliases/{segment(alias, what='alias')}"
        return ModelVersion.from_json(self._transport.json("PUT", path, json={"version": int(version)}))

    def _ensure(self, model: str, *, project: str | None, org: str | None) -> None:
        try:
            self.get(model, project=project, org=org)
        except NotFoundError:
            # Another client may register it between the two calls: that is as good.
            with contextlib.suppress(ConflictError):
                self.create(name=model, project=project, org=org)

    def _path(self, model: str, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/models/{segment(model, what='model')}"
