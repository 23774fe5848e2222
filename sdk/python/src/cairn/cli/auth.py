"""``cairn login``, ``cairn logout`` and ``cairn serve`` (which points at the server binary)."""

from __future__ import annotations

import sys

import click

from ..client import Cairn
from ..errors import CairnError
from . import config
from .output import emit, output_option
from .session import session


@click.command()
@click.option("--url", "url", help="The server, e.g. http://127.0.0.1:8080 (default: the group's --url or CAIRN_URL).")
@click.option(
    "--with-key",
    "key_from_stdin",
    is_flag=True,
    help="Read the API key from standard input instead of a hidden prompt (for scripts).",
)
@click.option("--project", "project", default=None, help="A default project for later commands (slug or org/project).")
@output_option
@click.pass_context
def login(ctx: click.Context, url: str | None, key_from_stdin: bool, project: str | None, output: str | None) -> None:
    """Checks an API key against the server and stores it (readable by you only).

    The key is read from a hidden prompt or, with --with-key, from standard input; it is never
    printed. Create keys in the web UI (Settings, API keys).
    """
    current = session(ctx)
    project = project or current.project
    url = url or current.url or click.prompt("Cairn URL", default="http://127.0.0.1:8080")
    if key_from_stdin:
        api_key = sys.stdin.readline().strip()
    else:
        api_key = click.prompt("API key", hide_input=True).strip()
    if not api_key:
        raise click.ClickException("no API key given")
    try:
        with Cairn(url=url, api_key=api_key, org=current.org, project=project) as client:
            orgs = client.orgs.list()
            org = current.org or (orgs[0].slug if len(orgs) == 1 else None)
            if project:
                client.projects.get(project, org=org)
    except CairnError as exc:
        raise click.ClickException(f"login failed: {exc}") from exc
    path = config.save(config.StoredLogin(url=url.rstrip("/"), api_key=api_key, org=org, project=project))
    result = {"url": url.rstrip("/"), "org": org, "project": project, "config": str(path)}
    emit(
        ctx,
        output,
        result,
        lambda: click.echo(
            f"Logged in to {url} (organization {org or '-'}, project {project or '-'}); key stored in {path}"
        ),
    )


@click.command()
@output_option
@click.pass_context
def logout(ctx: click.Context, output: str | None) -> None:
    """Forgets the stored login."""
    removed = config.remove()
    emit(ctx, output, {"logged_out": removed}, lambda: click.echo("Logged out." if removed else "Not logged in."))


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True}, hidden=True)
def serve() -> None:
    """The server is another program: see the message."""
    raise click.UsageError(
        "this `cairn` is the Python client. The server is the C++ binary of the same name: "
        "in a checkout run `make run`, or `build/cairn serve --help` (in the container images, /usr/local/bin/cairn)."
    )
