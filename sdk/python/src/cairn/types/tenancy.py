"""Organizations, projects and API keys."""

from __future__ import annotations

import dataclasses
from typing import Any

from ._base import ApiModel


@dataclasses.dataclass(frozen=True)
class Organization(ApiModel):
    """An organization the caller belongs to, with the caller's role in it."""

    __schema__ = "Organization"

    id: str
    slug: str
    name: str
    role: str
    settings: dict[str, Any]
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class Project(ApiModel):
    """A project of an organization: experiments, models, deployments and monitors live in one."""

    __schema__ = "Project"

    id: str
    org_id: str
    slug: str
    name: str
    description: str
    visibility: str
    created_by: str
    created_at: int
    updated_at: int


@dataclasses.dataclass(frozen=True)
class ApiKey(ApiModel):
    """An API key without its secret (the secret is shown once, at creation or rotation)."""

    __schema__ = "ApiKey"

    id: str
    name: str
    prefix: str
    scopes: list[str]
    project_id: str | None
    user_id: str
    created_at: int
    expires_at: int | None
    revoked_at: int | None
    last_used_at: int | None
    last_used_ip: str | None


@dataclasses.dataclass(frozen=True)
class ApiKeyWithSecret(ApiKey):
    """A new or rotated key with its secret. The secret is left out of ``repr`` so it is not logged by accident."""

    __schema__ = "ApiKeyWithSecret"

    secret: str = dataclasses.field(default="", repr=False)


@dataclasses.dataclass(frozen=True)
class ApiKeyUsage(ApiModel):
    """Requests per UTC day over the last 30 days, oldest first."""

    __schema__ = "ApiKeyUsage"

    key_id: str
    days: list[dict[str, Any]]
    last_used_at: int | None
    last_used_ip: str | None
