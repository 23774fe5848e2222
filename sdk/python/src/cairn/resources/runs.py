"""``client.runs``: starting, logging to, searching and reading the runs of a project."""

from __future__ import annotations

import builtins
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
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
        return Run.from_json(self._transport.json("GET", self._run_path(run_id, project, org)))

    def create(
        self,
        experiment_id: str,
        *,
        name: str | None = None,
        tags: Mapping[str, str] | None = None,
        parent_run_id: str | None = None,
        start_time: int | None = None,
        run_id: str | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Run:
        """Starts a run (RUNNING) in an active experiment; ``start_time`` in ms, default now.

        ``run_id`` keeps a given id (32 lowercase hex, as MLflow's) instead of a new one;
        :class:`cairn.ConflictError` when a run has it already.
        """
        body: dict[str, Any] = {}
        for key, value in (("name", name), ("parent_run_id", parent_run_id), ("start_time", start_time),
                           ("id", run_id)):
            if value is not None:
                body[key] = value
        if tags:
            body["tags"] = dict(tags)
        path = f"{self._project_path(project, org)}/experiments/{segment(experiment_id, what='experiment_id')}/runs"
        return Run.from_json(self._transport.json("POST", path, json=body))

    def update(
        self,
        run_id: str,
        *,
        name: str | None = None,
        status: str | None = None,
        end_time: int | None = None,
        notes: str | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Run:
        """Changes the given fields: ``status`` (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED), ``end_time``
        (ms), ``name``, ``notes`` (empty removes them)."""
        body = {
            k: v for k, v in (("name", name), ("status", status), ("end_time", end_time), ("notes", notes)) if v is not None
        }
        if not body:
            raise ValueError("nothing to change")
        return Run.from_json(self._transport.json("PATCH", self._run_path(run_id, project, org), json=body))

    def log_batch(
        self,
        run_id: str,
        *,
        metrics: Iterable[Mapping[str, Any]] = (),
        params: Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> None:
        """Logs metric points (``{"key", "value", "step"?, "timestamp"?}``), params and tags, in as many
        requests as MLflow's limits need (1000 metrics, 100 params, 100 tags each). Each request is
        atomic and safe to repeat: points already stored are skipped, a param's same value is accepted.
        Non-finite values are sent as ``"NaN"``, ``"Infinity"``, ``"-Infinity"``."""
        points = [_metric(m) for m in metrics]
        param_items = [{"key": k, "value": str(v)} for k, v in (params or {}).items()]
        tag_items = [{"key": k, "value": str(v)} for k, v in (tags or {}).items()]
        path = self._run_path(run_id, project, org) + "/log-batch"
        # Params and tags first, 100 at a time, then metrics 1000 at a time (1000 items per request in all).
        while param_items or tag_items:
            body = {"params": param_items[:100], "tags": tag_items[:100]}
            param_items, tag_items = param_items[100:], tag_items[100:]
            self._transport.json("POST", path, json={k: v for k, v in body.items() if v})
        for start in range(0, len(points), 1000):
            self._transport.json("POST", path, json={"metrics": points[start : start + 1000]})

    def log_inputs(
        self,
        run_id: str,
        *,
        datasets: Sequence[Mapping[str, Any]],
        project: str | None = None,
        org: str | None = None,
    ) -> None:
        """Records dataset inputs: ``{"name", "digest", "source_type"?, "source"?, "schema"?, "profile"?,
        "context"?}`` each."""
        path = self._run_path(run_id, project, org) + "/inputs"
        for start in range(0, len(datasets), 100):
            self._transport.json("POST", path, json={"datasets": [dict(d) for d in datasets[start : start + 100]]})

    def metric_history(
        self, run_id: str, key: str, *, project: str | None = None, org: str | None = None
    ) -> builtins.list[dict[str, Any]]:
        """Every point of a metric, by step then timestamp: ``{"step", "timestamp", "value"}``."""
        path = f"{self._run_path(run_id, project, org)}/metrics/{segment(key, what='key')}/history"
        points: builtins.list[dict[str, Any]] = self._transport.json("GET", path)["points"]
        return points

    def list_artifacts(
        self, run_id: str, *, path: str | None = None, project: str | None = None, org: str | None = None
    ) -> builtins.list[dict[str, Any]]:
        """One level of the run's artifact directory ``path`` (the root by default):
        ``{"path", "name", "is_dir", "size"}`` each."""
        url = self._run_path(run_id, project, org) + "/artifacts"
        items: builtins.list[dict[str, Any]] = self._transport.json("GET", url, params={"path": path})["items"]
        return items

    def upload_artifact(
        self,
        run_id: str,
        *,
        path: str,
        file: str | Path | bytes,
        project: str | None = None,
        org: str | None = None,
    ) -> dict[str, Any]:
        """Stores one artifact at ``path`` below the run's artifact root (replacing any file there);
        ``file`` is a local file or the bytes themselves."""
        url = f"{self._run_path(run_id, project, org)}/artifacts/{_artifact_path(path)}"
        headers = {"Content-Type": "application/octet-stream"}
        if isinstance(file, bytes):
            answer: dict[str, Any] = self._transport.json("PUT", url, content=file, headers=headers)
            return answer
        local = Path(file)
        # Streamed from the disk, with its length (no chunked encoding), reopened for each attempt.
        headers["Content-Length"] = str(local.stat().st_size)
        answer = self._transport.json("PUT", url, content=lambda: _chunks(local), headers=headers)
        return answer

    def _run_path(self, run_id: str, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/runs/{segment(run_id, what='run_id')}"


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(size):
            yield chunk


def _artifact_path(path: str) -> str:
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        raise ValueError(f"artifact path {path!r}: expected a relative path without '..'")
    return "/".join(segment(p, what="artifact path") for p in parts)


def _metric(point: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(point)
    value = out.get("value")
    if isinstance(value, float) and not math.isfinite(value):
        out["value"] = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return out
