"""The client a command uses: options, then environment, then the stored login."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

from ..client import Cairn
from . import config


@dataclass
class Session:
    """What the group's options said; the client is built on first use."""

    url: str | None
    org: str | None
    project: str | None
    output: str = "table"  # the group's --output, replaced by a command's own
    _client: Cairn | None = None

    def client(self) -> Cairn:
        if self._client is None:
            stored = config.load()
            url = (self.url or os.environ.get("CAIRN_URL") or (stored.url if stored else "")).rstrip("/")
            # The stored key, org and project belong to the stored server only: a key is never sent
            # to another server because --url or CAIRN_URL named one.
            same_server = stored is not None and (not url or url == stored.url.rstrip("/"))
            saved = stored if same_server else None
            key = os.environ.get("CAIRN_API_KEY") or (saved.api_key if saved else None)
            if not key:
                where = f" to {url}" if url and stored else ""
                raise click.ClickException(
                    f"not logged in{where}: run `cairn login`, or set CAIRN_URL and CAIRN_API_KEY"
                )
            org = self.org or os.environ.get("CAIRN_ORG") or (saved.org if saved else None)
            project = self.project or os.environ.get("CAIRN_PROJECT") or (saved.project if saved else None)
            self._client = Cairn(url=url or None, api_key=key, org=org, project=project)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def session(ctx: click.Context) -> Session:
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def show_progress(ctx: click.Context, output: str | None) -> bool:
    """Progress bars on a terminal, never in JSON mode (scripts read stdout; bars go to stderr anyway)."""
    from .output import output_format

    return output_format(ctx, output) != "json" and sys.stderr.isatty()
