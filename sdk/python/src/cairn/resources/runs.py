"""``client.runs``: searching and reading the runs of a project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..pagination import CursorPage
from ..scope import segment
from ..types import Run
from ._base import Resource


class Runs(Resource):
    def search(
        self,
        *,
        experiment_ids: Sequence[str] | None = None,
        filter: str | None = None,
        order_by: Sequence[str] | None = None,
        view: str | None = None,
        page_size: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> CursorPage[Run]:
        """Runs matching an MLflow filter (``metrics.rmse < 1 and params.lr = '0.1'``); iterating walks every page.

        Args:
            experiment_ids: only these experiments (default: all of the project).
            order_by: e.g. ``["metrics.rmse ASC"]``.
            view: ``active`` (default), ``deleted`` or ``all``.
            page_size: runs per page (1 to 1000; the server's default is 100).
        """
        path = self._project_path(project, org) + "/runs/search"
        base: dict[str, Any] = {}
        if experiment_ids is not None:
            base["experiment_ids"] = [str(e) for e in experiment_ids]
        if filter:
            base["filter"] = filter
        if order_by:
            base["order_by"] = list(order_by)
        if view:
            base["view"] = view
        if page_size is not None:
            base["max_results"] = page_size

        def fetch(token: str | None) -> tuple[list[Run], str | None]:
            body = dict(base, page_token=token) if token else base
            answer = self._transport.json("POST", path, json=body)
            return [Run.from_json(r) for r in answer["items"]], answer.get("next_page_token") or None

        return CursorPage(fetch)

    def get(self, run_id: str, *, project: str | None = None, org: str | None = None) -> Run:
        path = f"{self._project_path(project, org)}/runs/{segment(run_id, what='run_id')}"
        return Run.from_json(self._transport.json("GET", path))
