"""``cairn import-mlflow``: copy an MLflow tracking server or store into a Cairn project."""

from __future__ import annotations

import click

from .output import emit, emit_table, output_option
from .session import session, show_progress


@click.command("import-mlflow")
@click.option(
    "--from",
    "tracking_uri",
    required=True,
    metavar="URI",
    help="The MLflow tracking URI: http(s)://server, file:/path/mlruns, sqlite:///mlflow.db, ...",
)
@click.option("--registry-uri", default=None, metavar="URI", help="The model registry, if not the tracking URI.")
@click.option("--project", "project", default=None, help="The Cairn project (org/project or project).")
@click.option("--experiment", "experiments", multiple=True, help="Only this experiment (by name; repeatable).")
@click.option("--no-artifacts", is_flag=True, help="Copy no run artifacts.")
@click.option("--no-models", is_flag=True, help="Copy no registered models.")
@output_option
@click.pass_context
def import_mlflow(
    ctx: click.Context,
    tracking_uri: str,
    registry_uri: str | None,
    project: str | None,
    experiments: tuple[str, ...],
    no_artifacts: bool,
    no_models: bool,
    output: str | None,
) -> None:
    """Copies experiments, runs (params, tags, metric histories, datasets, artifacts) and registered
    models (versions, stages, aliases) from MLflow into a Cairn project.

    Safe to run again: what was imported before is found by its `cairn.imported_from` tag and skipped,
    and an import that stopped halfway resumes.
    """
    from tqdm import tqdm

    from ..importers.mlflow import MlflowImporter, iter_summary

    client = session(ctx).client()
    try:
        importer = MlflowImporter(
            client,
            tracking_uri=tracking_uri,
            registry_uri=registry_uri,
            project=project,
            experiments=list(experiments) or None,
            artifacts=not no_artifacts,
            models=not no_models,
        )
    except ImportError as exc:
        raise click.ClickException(str(exc)) from exc
    runs, versions = importer.count()
    bar = tqdm(
        total=runs + versions,
        desc="import-mlflow",
        unit="item",
        disable=not show_progress(ctx, output),
        leave=False,
    )
    def tick(_what: str, n: int) -> None:
        bar.update(n)

    try:
        summary = importer.run(progress=tick)
    finally:
        bar.close()
    emit(ctx, output, summary.to_dict(), lambda: emit_table(iter_summary(summary), ["imported", "count"]))
    for problem in summary.problems:
        click.echo(f"warning: {problem}", err=True)
    if summary.problems:
        ctx.exit(1)
