"""What every resource shares: the client it belongs to and how it finds its organization and project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scope import org_path, project_path, split_project
from ..transport import Transport

if TYPE_CHECKING:
    from ..client import Cairn


class Resource:
    """A group of operations, such as ``client.projects``; built by :class:`cairn.Cairn`."""

    def __init__(self, client: Cairn) -> None:
        self._client = client

    @property
    def _transport(self) -> Transport:
        return self._client._transport

    def _org_path(self, org: str | None) -> str:
        return org_path(org or self._client.default_org())

    def _project_path(self, project: str | None, org: str | None) -> str:
        """The path of a project: ``project`` (or ``org/project``), else the client's default project."""
        name = project or self._client.project
        if not name:
            raise ValueError("no project: pass project=... or set Cairn(project=...) / CAIRN_PROJECT")
        named_org, name = split_project(name)
        return project_path(org or named_org or self._client.default_org(), name)
