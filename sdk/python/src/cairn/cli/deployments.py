"""``cairn deploy``, ``cairn deployments``, ``cairn predict`` and ``cairn logs``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..types import Deployment, LogLine
from .inputs import read_input
from .output import emit, emit_json, emit_table, output_format, output_option, timestamp
from .session import session


def _deployment_rows(items: list[Deployment]) -> None:
    emit_table(
        (
            (
                d.name,
                d.environment,
                f"{d.source.model} v{d.model_version}",
                d.revision,
                d.status.state,
                d.status.reason or "-",
            )
            for d in items
        ),
        ["name", "environment", "model", "revision", "state", "reason"],
    )


@click.command()
@click.argument("name")
@click.option("--model", required=True, help="The registered model to serve.")
@click.option("--version", type=click.IntRange(min=1), default=None, help="A fixed version.")
@click.option("--alias", default=None, help="Follow the version this alias names.")
@click.option(
    "--stage",
    type=click.Choice(["staging", "production"]),
    default=None,
    help="Follow the newest version in this stage.",
)
@click.option("--environment", default="development", show_default=True)
@click.option("--wait/--no-wait", default=True, show_default=True, help="Wait until it is healthy.")
@click.option("--timeout", type=float, default=300, show_default=True, help="Seconds to wait.")
@output_option
@click.pass_context
def deploy(
    ctx: click.Context,
    name: str,
    model: str,
    version: int | None,
    alias: str | None,
    stage: str | None,
    environment: str,
    wait: bool,
    timeout: float,
    output: str | None,
) -> None:
    """Deploys a registered model as NAME (the latest version unless --version, --alias or --stage)."""
    client = session(ctx).client()
    if version is None and alias is None and stage is None:
        latest = client.models.get(model).latest_version
        if latest is None:
            raise click.ClickException(f"model {model} has no version yet: `cairn models upload {model} PATH`")
        version = latest
    deployment = client.deployments.create(
        name=name, model=model, version=version, alias=alias, stage=stage, environment=environment
    )
    if wait:
        deployment = client.deployments.wait(name, timeout=timeout)
    emit(
        ctx,
        output,
        deployment,
        lambda: click.echo(
            f"Deployment {deployment.name}: {deployment.status.state} (revision {deployment.revision}); "
            f"predict: {deployment.urls.get('invocations', '-')}"
        ),
    )


@click.group()
def deployments() -> None:
    """Deployments of the project."""


@deployments.command("list")
@click.option("--environment", default=None)
@output_option
@click.pass_context
def list_deployments(ctx: click.Context, environment: str | None, output: str | None) -> None:
    """Every deployment with its state."""
    items = list(session(ctx).client().deployments.list(environment=environment))
    emit(ctx, output, items, lambda: _deployment_rows(items))


@deployments.command("get")
@click.argument("name")
@output_option
@click.pass_context
def get_deployment(ctx: click.Context, name: str, output: str | None) -> None:
    """One deployment with its status."""
    item = session(ctx).client().deployments.get(name)
    emit(ctx, output, item, lambda: _deployment_rows([item]))


@deployments.command("rollback")
@click.argument("name")
@click.option("--revision", type=click.IntRange(min=1), required=True, help="The revision to go back to.")
@output_option
@click.pass_context
def rollback(ctx: click.Context, name: str, revision: int, output: str | None) -> None:
    """Makes an earlier revision current again."""
    item = session(ctx).client().deployments.rollback(name, revision=revision)
    emit(ctx, output, item, lambda: click.echo(f"Deployment {name} is at revision {item.revision} (from {revision})"))


@deployments.command("delete")
@click.argument("name")
@click.confirmation_option(prompt="Delete the deployment?")
@click.pass_context
def delete_deployment(ctx: click.Context, name: str) -> None:
    """Deletes a deployment (its workers stop)."""
    session(ctx).client().deployments.delete(name)
    click.echo(f"Deleted deployment {name}")


@click.command()
@click.argument("deployment")
@click.option(
    "-i",
    "--input",
    "input_path",
    type=click.Path(path_type=Path, allow_dash=True),
    required=True,
    help="A .csv file with a header row, or .json (a scoring body, or a list of row objects); - for stdin JSON.",
)
@click.option("--no-cache", is_flag=True, help="Bypass the deployment's response cache.")
@output_option
@click.pass_context
def predict(ctx: click.Context, deployment: str, input_path: Path, no_cache: bool, output: str | None) -> None:
    """Sends rows to a deployment and prints its predictions."""
    kind, value = read_input(input_path)
    client = session(ctx).client()
    if kind == "csv":
        result = client.deployments.predict(deployment, csv=value, no_cache=no_cache)
    else:
        try:
            result = client.deployments.predict(deployment, data=value, no_cache=no_cache)
        except (TypeError, ValueError) as exc:
            raise click.BadParameter(str(exc), param_hint="--input") from exc
    if output_format(ctx, output) == "json":
        emit_json({"predictions": result.predictions, "revision": result.revision, "request_id": result.request_id})
        return
    predictions: Any = result.predictions
    for item in predictions if isinstance(predictions, list) else [predictions]:
        click.echo(item if isinstance(item, (str, int, float)) else _compact(item))


def _compact(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


@click.command()
@click.argument("deployment")
@click.option("-f", "--follow", is_flag=True, help="Keep printing new lines as the workers write them.")
@click.option(
    "--tail", type=click.IntRange(0, 1000), default=100, show_default=True, help="Newest lines to start with."
)
@click.option("-q", "--search", "q", default=None, help="Only lines containing this text (without --follow).")
@output_option
@click.pass_context
def logs(ctx: click.Context, deployment: str, follow: bool, tail: int, q: str | None, output: str | None) -> None:
    """The output of a deployment's workers; with --follow, live (Ctrl-C stops)."""
    client = session(ctx).client()
    as_json = output_format(ctx, output) == "json"

    def show(line: LogLine) -> None:
        if as_json:
            # One JSON object per line, so a script can read the stream as it comes.
            click.echo(_compact(line.to_dict()))
        else:
            # The server's own lines about the deployment come as worker -1 (stream "cairn").
            who = f"w{line.worker}" if line.worker >= 0 else "server"
            click.echo(f"{timestamp(line.at)} {who} {line.stream}: {line.line}")

    if follow:
        if q:
            raise click.UsageError("--search works without --follow only")
        try:
            for line in client.deployments.follow_logs(deployment, tail=tail):
                show(line)
        except KeyboardInterrupt:
            pass
        return
    for line in client.deployments.logs(deployment, q=q, limit=max(tail, 1)):
        show(line)
