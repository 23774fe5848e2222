"""The model registry: registered models, their versions and files."""

from __future__ import annotations

import dataclasses
from typing import Any

from ._base import ApiModel


@dataclasses.dataclass(frozen=True)
class RegisteredModel(ApiModel):
    """A registered model: versions, aliases (name -> version) and version counts per stage."""

    __schema__ = "RegisteredModel"

    id: str
    org_id: str
    project_id: str
    name: str
    description: str
    tags: dict[str, str]
    aliases: dict[str, int]
    latest_version: int | None
    stages: dict[str, int]
    framework: str
    version_count: int
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class ModelVersionSource(ApiModel):
    """Where a version's files came from: a run, an MLflow logged model, or an upload."""

    __schema__ = "ModelVersionSource"

    type: str
    run_id: str | None
    experiment_id: str | None
    artifact_path: str | None
    logged_model_id: str | None


@dataclasses.dataclass(frozen=True)
class ModelVersion(ApiModel):
    """A version of a registered model, with the metadata read from its files."""

    __schema__ = "ModelVersion"

    model_id: str
    model_name: str
    version: int
    description: str
    stage: str
    status: str
    source: ModelVersionSource
    download_uri: str
    framework: str
    flavors: dict[str, Any]
    signature: dict[str, Any] | None
    input_example: dict[str, Any] | None
    pip_requirements: list[str]
    executable_code: bool
    size_bytes: int
    file_count: int
    metrics: dict[str, float]
    tags: dict[str, str]
    aliases: list[str]
    lineage: dict[str, Any]
    created_by: str
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class ModelFile(ApiModel):
    """One file of a version: its path, size, SHA-256 and the format the server detected."""

    __schema__ = "ModelFile"

    path: str
    size: int
    sha256: str
    format: str
    executable_code: bool
    details: dict[str, Any]
