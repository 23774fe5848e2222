"""``client.models.versions``: versions of a registered model, their upload and download."""

from __future__ import annotations

import builtins
import contextlib
import json
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..pagination import CursorPage
from ..progress import CountingReader, progress_bar
from ..scope import segment
from ..types import ModelFile, ModelVersion
from ._base import Resource


def _model_files(path: Path) -> list[tuple[str, Path]]:
    """(name in the registry, local file): a directory's files by relative path, or one file by its name."""
    if path.is_file():
        return [(path.name, path)]
    if not path.is_dir():
        raise FileNotFoundError(f"no such file or directory: {path}")
    files = sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*") if p.is_file())
    if not files:
        raise ValueError(f"{path} holds no files")
    return files


class ModelVersions(Resource):
    def list(
        self,
        model: str,
        *,
        stage: str | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> CursorPage[ModelVersion]:
        """Versions of a model, newest first; ``stage`` keeps those in that stage."""
        path = self._model_path(model, project, org) + "/versions"

        def fetch(cursor: str | None) -> tuple[list[ModelVersion], str | None]:
            body = self._transport.json("GET", path, params={"stage": stage, "limit": limit, "cursor": cursor})
            return [ModelVersion.from_json(v) for v in body["items"]], body.get("next_cursor")

        return CursorPage(fetch)

    def get(self, model: str, version: int, *, project: str | None = None, org: str | None = None) -> ModelVersion:
        return ModelVersion.from_json(self._transport.json("GET", self._version_path(model, version, project, org)))

    def create(
        self,
        model: str,
        *,
        run_id: str | None = None,
        artifact_path: str | None = None,
        logged_model_id: str | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> ModelVersion:
        """A version from a run's artifacts (``run_id``, ``artifact_path`` default ``model``), or from an
        MLflow logged model (``logged_model_id``). With an ``idempotency_key``, a repeated call answers the
        version the first one made."""
        if (run_id is None) == (logged_model_id is None):
            raise ValueError("pass exactly one of run_id and logged_model_id")
        body: dict[str, Any] = {}
        for key, value in (
            ("run_id", run_id),
            ("artifact_path", artifact_path),
            ("logged_model_id", logged_model_id),
            ("description", description),
        ):
            if value is not None:
                body[key] = value
        if tags:
            body["tags"] = dict(tags)
        path = self._model_path(model, project, org) + "/versions"
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return ModelVersion.from_json(self._transport.json("POST", path, json=body, headers=headers))

    def transition_stage(
        self,
        model: str,
        version: int,
        *,
        stage: str,
        archive_existing: bool = False,
        comment: str | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> ModelVersion:
        """Moves a version to ``development``, ``staging``, ``production`` or ``archived``."""
        body: dict[str, Any] = {"stage": stage, "archive_existing": archive_existing}
        if comment is not None:
            body["comment"] = comment
        path = self._version_path(model, version, project, org) + "/stage"
        return ModelVersion.from_json(self._transport.json("POST", path, json=body))

    def set_tag(
        self, model: str, version: int, key: str, value: str, *, project: str | None = None, org: str | None = None
    ) -> None:
        """Creates or replaces a tag of the version."""
        path = f"{self._version_path(model, version, project, org)}/tags/{segment(key, what='key')}"
        self._transport.json("PUT", path, json={"value": value})

    def upload(
        self,
        model: str,
        *,
        path: str | Path,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        create_model: bool = True,
        progress: bool = False,
        project: str | None = None,
        org: str | None = None,
    ) -> ModelVersion:
        """Uploads a model directory (every file under it, by relative path) or one file as a new version.

        Args:
            path: an MLflow model directory (with ``MLmodel``), or a single file such as ``model.onnx``.
            create_model: registers ``model`` first when it does not exist yet.
            progress: shows a progress bar on stderr.

        The request carries an ``Idempotency-Key``, so the retries after a 429 or 503 never make two versions.
        """
        files = _model_files(Path(path))
        if create_model:
            self._client.models._ensure(model, project=project, org=org)
        fields: dict[str, str] = {}
        if description is not None:
            fields["description"] = description
        if tags:
            fields["tags"] = json.dumps(dict(tags))
        total = sum(local.stat().st_size for _, local in files)
        bar = progress_bar(total=total, description=f"upload {model}", enabled=progress)
        opened: list[Any] = []

        def parts() -> list[tuple[str, tuple[str, Any, str]]]:
            # Built anew for each attempt: a retry sends the files from their start.
            for handle in opened:
                handle.close()
            opened.clear()
            out = []
            for name, local in files:
                handle = CountingReader(open(local, "rb"), bar)
                opened.append(handle)
                out.append(("file", (name, handle, "application/octet-stream")))
            return out

        try:
            answer = self._transport.json(
                "POST",
                self._model_path(model, project, org) + "/versions",
                files=parts,
                data=fields,
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
        finally:
            for handle in opened:
                handle.close()
            bar.close()
        return ModelVersion.from_json(answer)

    def files(
        self, model: str, version: int, *, project: str | None = None, org: str | None = None
    ) -> builtins.list[ModelFile]:
        """Every file of the version with its size, SHA-256 and detected format."""
        body = self._transport.json("GET", self._version_path(model, version, project, org) + "/files")
        return [ModelFile.from_json(f) for f in body["items"]]

    def download(
        self,
        model: str,
        version: int,
        *,
        to: str | Path,
        extract: bool = True,
        progress: bool = False,
        project: str | None = None,
        org: str | None = None,
    ) -> Path:
        """Downloads a whole version.

        With ``extract`` (default) its files are written under the directory ``to`` (made if missing)
        and that directory is answered; otherwise the zip archive is written to ``to`` (a directory
        gets ``<model>-v<version>.zip``) and its path answered.
        """
        target = Path(to)
        url = self._version_path(model, version, project, org) + "/download"
        with self._zip_download(url, progress=progress, description=f"download {model} v{version}") as archive:
            if not extract:
                if target.is_dir():
                    target = target / f"{Path(model).name}-v{version}.zip"
                shutil.copyfile(archive, target)
                return target
            target.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(archive) as zf:
                root = target.resolve()
                for member in zf.namelist():
                    # zipfile drops ".." and leading "/" itself; checked again so no file lands outside.
                    if not (root / member).resolve().is_relative_to(root):
                        raise ValueError(f"unsafe path in archive: {member!r}")
                zf.extractall(root)
        return target

    @contextlib.contextmanager
    def _zip_download(self, url: str, *, progress: bool, description: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="cairn-download-") as tmp:
            archive = Path(tmp) / "version.zip"
            with self._transport.stream("GET", url) as response, open(archive, "wb") as out:
                length = response.headers.get("content-length")
                bar = progress_bar(total=int(length) if length else None, description=description, enabled=progress)
                try:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                        bar.update(len(chunk))
                finally:
                    bar.close()
            yield archive

    def _model_path(self, model: str, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/models/{segment(model, what='model')}"

    def _version_path(self, model: str, version: int, project: str | None, org: str | None) -> str:
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"version must be a positive integer, got {version!r}")
        return f"{self._model_path(model, project, org)}/versions/{version}"
