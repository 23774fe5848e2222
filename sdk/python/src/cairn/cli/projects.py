"""``cairn orgs`` and ``cairn projects``."""

from __future__ import annotations

import click

from .output import emit, emit_table, output_option, timestamp
from .session import session


@click.group()
def orgs() -> None:
    """Organizations."""


@orgs.command("list")
@output_option
@click.pass_context
def list_orgs(ctx: click.Context, output: str | None) -> None:
    """The organizations of the key."""
    items = session(ctx).client().orgs.list()
    emit(ctx, output, items, lambda: emit_table(((o.slug, o.name, o.role) for o in items), ["slug", "name", "role"]))


@click.group()
def projects() -> None:
    """Projects of the organization."""


@projects.command("list")
@click.option("-q", "--search", "q", default=None, help="Search text.")
@output_option
@click.pass_context
def list_projects(ctx: click.Context, q: str | None, output: str | None) -> None:
    """Every project you can see (all pages)."""
    items = list(session(ctx).client().projects.list(q=q))
    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            ((p.slug, p.name, p.visibility, timestamp(p.created_at)) for p in items),
            ["slug", "name", "visibility", "created"],
        ),
    )


@projects.command("create")
@click.argument("name")
@click.option("--slug", default=None, help="Default: derived from the name.")
@click.option("--description", default=None)
@click.option("--visibility", type=click.Choice(["org", "private"]), default=None)
@output_option
@click.pass_context
def create_project(
    ctx: click.Context, name: str, slug: str | None, description: str | None, visibility: str | None, output: str | None
) -> None:
    """Creates a project."""
    project = (
        session(ctx).client().projects.create(name=name, slug=slug, description=description, visibility=visibility)
    )
    emit(ctx, output, project, lambda: click.echo(f"Created project {project.slug}"))
