"""``cairn monitors``: sending records and labels, reading drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .inputs import read_input
from .output import emit, emit_json, emit_table, output_option, timestamp
from .session import session


@click.group()
def monitors() -> None:
    """Monitors of deployments and of models served elsewhere."""


@monitors.command("list")
@output_option
@click.pass_context
def list_monitors(ctx: click.Context, output: str | None) -> None:
    """The project's monitors."""
    items = session(ctx).client().monitors.list()
    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            (
                (
                    m.name,
                    m.deployment_id or "(by API)",
                    m.reference.rows if m.reference else "-",
                    timestamp(m.created_at),
                )
                for m in items
            ),
            ["name", "deployment", "reference rows", "created"],
        ),
    )


@monitors.command("log")
@click.argument("monitor")
@click.option(
    "-i",
    "--input",
    "input_path",
    type=click.Path(path_type=Path, allow_dash=True),
    required=True,
    help="A .csv (columns id, timestamp, prediction, the others features) or .json/.jsonl of records.",
)
@click.option("--create", is_flag=True, help="Create the monitor first if it does not exist.")
@output_option
@click.pass_context
def log_records(ctx: click.Context, monitor: str, input_path: Path, create: bool, output: str | None) -> None:
    """Sends inference records of a model served elsewhere."""
    from ..errors import NotFoundError

    client = session(ctx).client()
    if create:
        try:
            client.monitors.get(monitor)
        except NotFoundError:
            client.monitors.create(name=monitor)
    kind, value = read_input(input_path)
    if kind == "csv":
        receipt = client.monitors.log_csv(monitor, csv=value)
    else:
        records: Any = value.get("records") if isinstance(value, dict) else value
        if not isinstance(records, list):
            raise click.BadParameter('expected a list of records or {"records": [...]}', param_hint="--input")
        try:
            receipt = client.monitors.log(monitor, records=records)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--input") from exc
    emit(
        ctx,
        output,
        receipt,
        lambda: click.echo(f"{receipt.received} records: {receipt.stored} stored, {receipt.duplicates} already there"),
    )


@monitors.command("labels")
@click.argument("monitor")
@click.option(
    "-i",
    "--input",
    "input_path",
    type=click.Path(path_type=Path, allow_dash=True),
    required=True,
    help="A .json object {record_id: label} or list of {id, label}.",
)
@output_option
@click.pass_context
def send_labels(ctx: click.Context, monitor: str, input_path: Path, output: str | None) -> None:
    """Sends ground truth for records by id."""
    kind, value = read_input(input_path)
    if kind != "json" or not isinstance(value, (dict, list)):
        raise click.BadParameter("expected a JSON object or list", param_hint="--input")
    receipt = session(ctx).client().monitors.labels(monitor, labels=value)
    emit(ctx, output, receipt, lambda: click.echo(f"{receipt.received} labels, {receipt.matched} matched a record"))


@monitors.command("drift")
@click.argument("monitor")
@click.option("--minutes", type=click.IntRange(min=1), default=60, show_default=True, help="The last N minutes.")
@output_option
@click.pass_context
def drift(ctx: click.Context, monitor: str, minutes: int, output: str | None) -> None:
    """The drift report of the last minutes (JSON; the table view prints the same)."""
    import time

    end = int(time.time() * 1000)
    report = session(ctx).client().monitors.drift(monitor, start=end - minutes * 60_000, end=end)
    emit_json(report)
