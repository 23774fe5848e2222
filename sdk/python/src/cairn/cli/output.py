"""Printing answers: aligned columns for people, JSON (``--output json``) for scripts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from ..types import ApiModel

OUTPUT_FORMATS = ("table", "json")


def _record(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    # Recorded on the session as soon as it is parsed, so that an error raised by the command is
    # printed in the same format.
    root = ctx.find_root().obj
    if value and root is not None and hasattr(root, "output"):
        root.output = value
    return value


def output_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--output table|json`` on a command (it overrides the group's)."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Choice(OUTPUT_FORMATS),
        default=None,
        callback=_record,
        help="table (default) or json, for scripts.",
    )(f)


def output_format(ctx: click.Context, given: str | None) -> str:
    root = ctx.find_root()
    return given or getattr(root.obj, "output", None) or root.params.get("output") or "table"


def to_jsonable(value: Any) -> Any:
    if isinstance(value, ApiModel):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def emit_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), indent=2, sort_keys=False, default=str))


def timestamp(ms: int | None) -> str:
    if not ms:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def emit_table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> None:
    """Columns padded to their widest cell; an empty list says so."""
    cells = [[("-" if v is None else str(v)) for v in row] for row in rows]
    if not cells:
        click.echo("(none)")
        return
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    click.echo("  ".join(h.upper().ljust(w) for h, w in zip(headers, widths)).rstrip())
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def emit(ctx: click.Context, given: str | None, value: Any, table: Callable[[], None]) -> None:
    """JSON of ``value`` or the ``table`` printer, as the output option says."""
    if output_format(ctx, given) == "json":
        emit_json(value)
    else:
        table()
