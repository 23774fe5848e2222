"""``client.deployments``: deploying registered models, calling them, following their logs."""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
from httpx_sse import EventSource

from ..errors import DeploymentFailedError
from ..pagination import CursorPage
from ..scope import segment
from ..types import Deployment, LogLine, Prediction
from ._base import Resource
from .scoring import scoring_body

# A stream sends a keep-alive comment every 15 s: a read that waits longer means a dead connection.
_STREAM_TIMEOUT = httpx.Timeout(30.0, read=45.0)


def _source(model: str, *, version: int | None, alias: str | None, stage: str | None) -> dict[str, Any]:
    """A DeploymentSource: the model and exactly one of a fixed version, an alias or a stage it follows."""
    chosen = {k: v for k, v in (("version", version), ("alias", alias), ("stage", stage)) if v is not None}
    if len(chosen) != 1:
        raise ValueError("pass exactly one of version, alias and stage")
    if not model:
        raise ValueError("model must not be empty")
    return {"model": model, **chosen}


class Deployments(Resource):
    def create(
        self,
        *,
        name: str,
        model: str,
        version: int | None = None,
        alias: str | None = None,
        stage: str | None = None,
        environment: str = "development",
        target: str | None = None,
        endpoint_name: str | None = None,
        config: Mapping[str, Any] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Deployment:
        """Deploys a registered model: a fixed ``version``, or the version an ``alias`` or ``stage`` names (followed).

        Args:
            environment: an environment of the project (``development``, ``staging``, ``production`` exist by default).
            target: ``local`` (default) or ``kubernetes``.
            config: a partial deployment configuration (workers, batching, cache, timeout_ms, ...).
        """
        body: dict[str, Any] = {
            "name": name,
            "environment": environment,
            "source": _source(model, version=version, alias=alias, stage=stage),
        }
        if target is not None:
            body["target"] = target
        if endpoint_name is not None:
            body["endpoint_name"] = endpoint_name
        if config:
            body["config"] = dict(config)
        path = self._project_path(project, org) + "/deployments"
        return Deployment.from_json(self._transport.json("POST", path, json=body))

    def update(
        self,
        deployment: str,
        *,
        model: str | None = None,
        version: int | None = None,
        alias: str | None = None,
        stage: str | None = None,
        config: Mapping[str, Any] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Deployment:
        """A new revision: another model version (``model`` with one of version, alias, stage) and/or configuration."""
        body: dict[str, Any] = {}
        if model is not None:
            body["source"] = _source(model, version=version, alias=alias, stage=stage)
        elif (version, alias, stage) != (None, None, None):
            raise ValueError("version, alias and stage need model")
        if config:
            body["config"] = dict(config)
        if not body:
            raise ValueError("nothing to update: pass model (with version, alias or stage) or config")
        return Deployment.from_json(self._transport.json("PATCH", self._path(deployment, project, org), json=body))

    def list(
        self,
        *,
        environment: str | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> CursorPage[Deployment]:
        """Deployments of the project, by environment tier, environment and name (one answer: the list is not paged)."""
        path = self._project_path(project, org) + "/deployments"

        def fetch(cursor: str | None) -> tuple[list[Deployment], str | None]:
            body = self._transport.json("GET", path, params={"environment": environment})
            return [Deployment.from_json(d) for d in body["deployments"]], None

        return CursorPage(fetch)

    def get(self, deployment: str, *, project: str | None = None, org: str | None = None) -> Deployment:
        """A deployment by name or id, with its live status."""
        return Deployment.from_json(self._transport.json("GET", self._path(deployment, project, org)))

    def delete(self, deployment: str, *, project: str | None = None, org: str | None = None) -> None:
        self._transport.json("DELETE", self._path(deployment, project, org))

    def stop(self, deployment: str, *, project: str | None = None, org: str | None = None) -> Deployment:
        return Deployment.from_json(self._transport.json("POST", self._path(deployment, project, org) + "/stop"))

    def start(self, deployment: str, *, project: str | None = None, org: str | None = None) -> Deployment:
        return Deployment.from_json(self._transport.json("POST", self._path(deployment, project, org) + "/start"))

    def rollback(
        self, deployment: str, *, revision: int, project: str | None = None, org: str | None = None
    ) -> Deployment:
        """Makes an earlier revision's model and configuration current again (as a new revision)."""
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
            raise ValueError(f"revision must be a positive integer, got {revision!r}")
        path = self._path(deployment, project, org) + "/rollback"
        return Deployment.from_json(self._transport.json("POST", path, json={"revision": revision}))

    def wait(
        self,
        deployment: str,
        *,
        state: str = "healthy",
        timeout: float = 300.0,
        poll_interval: float = 0.5,
        project: str | None = None,
        org: str | None = None,
    ) -> Deployment:
        """Polls until the deployment is in ``state``.

        Raises :class:`cairn.DeploymentFailedError` when it fails or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            current = self.get(deployment, project=project, org=org)
            if current.status.state == state:
                return current
            if current.status.state == "failed" and state != "failed":
                raise DeploymentFailedError(f"deployment {deployment} failed: {current.status.reason}", current)
            if time.monotonic() >= deadline:
                raise DeploymentFailedError(
                    f"deployment {deployment} is {current.status.state}, not {state}, after {timeout:g}s", current
                )
            time.sleep(poll_interval)

    def predict(
        self,
        deployment: str,
        *,
        data: Any = None,
        csv: str | bytes | None = None,
        params: Mapping[str, Any] | None = None,
        no_cache: bool = False,
        timeout: float | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Prediction:
        """Calls a deployment (the MLflow scoring protocol).

        Args:
            data: a pandas DataFrame, a list of row dicts, or a scoring body dict (``{"instances": ...}``, ...).
            csv: CSV text with a header row, instead of ``data``.
            params: passed to the model's ``predict``.
            no_cache: bypasses the deployment's response cache.
        """
        if (data is None) == (csv is None):
            raise ValueError("pass exactly one of data and csv")
        headers = {"Cache-Control": "no-cache"} if no_cache else {}
        path = self._path(deployment, project, org) + "/invocations"
        if csv is not None:
            if params:
                raise ValueError("params cannot be sent with a CSV body")
            content = csv.encode() if isinstance(csv, str) else csv
            response = self._transport.send(
                "POST", path, content=content, timeout=timeout, headers={**headers, "Content-Type": "text/csv"}
            )
        else:
            body = scoring_body(data)
            if params:
                body["params"] = dict(params)
            response = self._transport.send("POST", path, json=body, headers=headers, timeout=timeout)
        revision = response.headers.get("x-cairn-revision")
        return Prediction.from_json(
            {
                **response.json(),
                "revision": int(revision) if revision and revision.isdigit() else None,
                "cache": response.headers.get("x-cairn-cache"),
                "request_id": response.headers.get("x-request-id"),
            }
        )

    def logs(
        self,
        deployment: str,
        *,
        since: int | None = None,
        until: int | None = None,
        q: str | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> builtins.list[LogLine]:
        """The workers' output lines, oldest first: the newest ``limit`` of those in [since, until) containing ``q``."""
        params = {"since": since, "until": until, "q": q, "limit": limit}
        body = self._transport.json("GET", self._path(deployment, project, org) + "/logs", params=params)
        return [LogLine.from_json(line) for line in body["lines"]]

    def follow_logs(
        self, deployment: str, *, tail: int = 100, project: str | None = None, org: str | None = None
    ) -> Iterator[LogLine]:
        """The newest ``tail`` lines, then each new line as the workers write it (server-sent events).

        The iterator ends when the server closes the stream (the deployment was deleted).
        """
        if not 0 <= tail <= 1000:
            raise ValueError("tail must be between 0 and 1000")
        path = self._path(deployment, project, org) + "/logs/stream"
        with self._transport.stream(
            "GET", path, params={"tail": tail}, timeout=_STREAM_TIMEOUT, headers={"Accept": "text/event-stream"}
        ) as response:
            for event in EventSource(response).iter_sse():
                if event.event == "log" and event.data:
                    yield LogLine.from_json(json.loads(event.data))

    def _path(self, deployment: str, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/deployments/{segment(deployment, what='deployment')}"
