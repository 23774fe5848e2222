"""``cairn models``: the registry of the project."""

from __future__ import annotations

from pathlib import Path

import click

from .output import emit, emit_table, output_option, timestamp
from .session import session, show_progress


def _tags(values: tuple[str, ...]) -> dict[str, str]:
    tags = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r}: expected KEY=VALUE", param_hint="--tag")
        tags[key] = text
    return tags


@click.group()
def models() -> None:
    """Registered models and their versions."""


@models.command("list")
@click.option("-q", "--search", "q", default=None, help="Search text.")
@output_option
@click.pass_context
def list_models(ctx: click.Context, q: str | None, output: str | None) -> None:
    """Registered models of the project (all pages)."""
    items = list(session(ctx).client().models.list(q=q))
    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            (
                (
                    m.name,
                    m.latest_version,
                    m.framework or "-",
                    ",".join(f"{k}=v{v}" for k, v in m.aliases.items()) or "-",
                    timestamp(m.updated_at),
                )
                for m in items
            ),
            ["name", "latest", "framework", "aliases", "updated"],
        ),
    )


@models.command("versions")
@click.argument("model")
@output_option
@click.pass_context
def list_versions(ctx: click.Context, model: str, output: str | None) -> None:
    """Versions of a model, newest first."""
    items = list(session(ctx).client().models.versions.list(model))
    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            (
                (
                    v.version,
                    v.stage,
                    v.framework or "-",
                    ",".join(v.aliases) or "-",
                    v.file_count,
                    timestamp(v.created_at),
                )
                for v in items
            ),
            ["version", "stage", "framework", "aliases", "files", "created"],
        ),
    )


@models.command("upload")
@click.argument("model")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--description", default=None)
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="A tag of the version (repeatable).")
@output_option
@click.pass_context
def upload(
    ctx: click.Context, model: str, path: Path, description: str | None, tags: tuple[str, ...], output: str | None
) -> None:
    """Uploads PATH (a model directory, or one file) as a new version of MODEL (registered if new)."""
    version = (
        session(ctx)
        .client()
        .models.versions.upload(
            model, path=path, description=description, tags=_tags(tags), progress=show_progress(ctx, output)
        )
    )
    emit(
        ctx,
        output,
        version,
        lambda: click.echo(
            f"Uploaded {model} version {version.version} "
            f"({version.file_count} files, {version.framework or 'unknown'} model)"
        ),
    )


@models.command("download")
@click.argument("model")
@click.argument("version", type=click.IntRange(min=1))
@click.option(
    "--to",
    "dest",
    type=click.Path(path_type=Path),
    default=None,
    help="Directory to extract into (default ./MODEL-vVERSION), or the zip's path with --zip.",
)
@click.option("--zip", "as_zip", is_flag=True, help="Keep the zip archive instead of extracting it.")
@output_option
@click.pass_context
def download(ctx: click.Context, model: str, version: int, dest: Path | None, as_zip: bool, output: str | None) -> None:
    """Downloads every file of a version."""
    default = Path(f"{Path(model).name}-v{version}" + (".zip" if as_zip else ""))
    where = (
        session(ctx)
        .client()
        .models.versions.download(
            model, version, to=dest or default, extract=not as_zip, progress=show_progress(ctx, output)
        )
    )
    emit(
        ctx,
        output,
        {"model": model, "version": version, "path": str(where)},
        lambda: click.echo(f"Downloaded {model} version {version} to {where}"),
    )
