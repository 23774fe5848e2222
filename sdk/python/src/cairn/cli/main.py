"""The ``cairn`` command: the group, its global options, and how errors are shown."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .. import __version__
from ..errors import APIStatusError, CairnError
from .alerts import alerts
from .auth import login, logout, serve
from .demo import demo
from .deployments import deploy, deployments, logs, predict
from .import_mlflow import import_mlflow
from .models import models
from .monitors import monitors
from .output import OUTPUT_FORMATS
from .projects import orgs, projects
from .session import Session


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--url", default=None, envvar="CAIRN_URL", help="The server (default: CAIRN_URL, else the stored login).")
@click.option("--org", default=None, envvar="CAIRN_ORG", help="Organization slug (default: the key's organization).")
@click.option("--project", default=None, envvar="CAIRN_PROJECT", help="Project slug, or org/project.")
@click.option(
    "-o",
    "--output",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    envvar="CAIRN_OUTPUT",
    help="table (default) or json, for scripts.",
)
@click.version_option(__version__, prog_name="cairn (Python client)")
@click.pass_context
def cli(ctx: click.Context, url: str | None, org: str | None, project: str | None, output: str) -> None:
    """Cairn's command-line client: models, deployments, predictions, logs, monitoring and alerts.

    Log in once with `cairn login` (or set CAIRN_URL and CAIRN_API_KEY). The server itself is
    another program of the same name: see `cairn serve`.
    """
    ctx.obj = Session(url=url, org=org, project=project, output=output)
    ctx.call_on_close(ctx.obj.close)


COMMANDS = (
    login,
    logout,
    serve,
    orgs,
    projects,
    models,
    deploy,
    deployments,
    predict,
    logs,
    monitors,
    alerts,
    import_mlflow,
    demo,
)
for command in COMMANDS:
    cli.add_command(command)


def _error_json(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, APIStatusError):
        return {
            "error": {
                "status": exc.status_code,
                "code": exc.code,
                "message": exc.message,
                "field": exc.field,
                "request_id": exc.request_id,
            }
        }
    return {"error": {"message": str(exc)}}


def main(argv: list[str] | None = None) -> None:
    """The console script: runs the group, printing API errors as one line (or JSON) and exiting 1."""
    args = list(sys.argv[1:] if argv is None else argv)
    ctx: click.Context | None = None
    try:
        with cli.make_context("cairn", args) as ctx:
            cli.invoke(ctx)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CairnError as exc:
        wants_json = ctx is not None and isinstance(ctx.obj, Session) and ctx.obj.output == "json"
        click.echo(json.dumps(_error_json(exc)) if wants_json else f"Error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
