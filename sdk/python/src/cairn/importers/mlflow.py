"""Copies an MLflow tracking server or store into a Cairn project: experiments, runs (params, tags,
metrics with their full histories, dataset inputs, artifacts) and registered models with their
versions, stages and aliases.

The source is read with MLflow's own ``MlflowClient`` (any tracking URI it reads: ``http(s)://``,
``file:``, ``sqlite:``, ...). Every object made in Cairn carries the tag ``cairn.imported_from``
naming what it was made from (``<tracking uri>#runs/<id>``...), so a second import finds it and
skips it: importing twice makes nothing twice, and an import stopped halfway resumes (a run is
finished with the tag ``cairn.import_complete``; one without it is logged to again, which the
server's log-batch makes harmless).

Cairn assigns its own run ids and version numbers; the source's are kept in that tag.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CairnError, ConflictError, NotFoundError

if TYPE_CHECKING:
    from ..client import Cairn

try:
    from mlflow.exceptions import MlflowException
except ImportError:  # pragma: no cover - MlflowImporter says how to install it

    class MlflowException(Exception):  # type: ignore[no-redef]
        """Stands in when mlflow is not installed."""


IMPORTED_FROM = "cairn.imported_from"
IMPORT_COMPLETE = "cairn.import_complete"
# On a run: where an MLflow 3 logged model of the run (m-...) was copied among the run's artifacts.
LOGGED_MODEL_TAG = "cairn.logged_model."

# MLflow's stage names -> Cairn's.
STAGES = {"None": "development", "Staging": "staging", "Production": "production", "Archived": "archived"}

# Tags Cairn sets itself from fields of the run (its name and parent).
_RUN_FIELD_TAGS = {"mlflow.runName", "mlflow.parentRunId"}
# MLflow's run ids (uuid4 hex) have the shape of Cairn's ids, so a run keeps its id when it is free.
_RUN_ID = re.compile(r"[0-9a-f]{32}")


@dataclasses.dataclass
class ImportSummary:
    """What an import made and what it found already made."""

    experiments_created: int = 0
    experiments_existing: int = 0
    runs_imported: int = 0
    runs_skipped: int = 0
    run_ids_kept: int = 0
    params: int = 0
    metric_points: int = 0
    tags: int = 0
    datasets: int = 0
    artifacts: int = 0
    artifact_bytes: int = 0
    logged_models: int = 0
    models_created: int = 0
    models_existing: int = 0
    versions_created: int = 0
    versions_skipped: int = 0
    stages_set: int = 0
    aliases_set: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class MlflowImporter:
    """Copies ``tracking_uri`` (and its registry, ``registry_uri`` if elsewhere) into ``project``.

    Args:
        client: the Cairn client (a key with scope ``write``; stages to production may need ``admin``).
        project: ``project`` or ``org/project`` (default: the client's).
        experiments: only the experiments of these names (default: every active one).
        artifacts: copy run artifacts (default True).
        models: copy registered models (default True).
        progress: called with (what, n) as runs and versions are done, for a progress bar.
    """

    def __init__(
        self,
        client: Cairn,
        *,
        tracking_uri: str,
        registry_uri: str | None = None,
        project: str | None = None,
        experiments: list[str] | None = None,
        artifacts: bool = True,
        models: bool = True,
    ) -> None:
        if "://" not in tracking_uri or tracking_uri.startswith("file:"):
            # MLflow 3 refuses file stores unless told to: reading one to move out of it is what it asks.
            os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
        try:
            from mlflow.tracking import MlflowClient
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("cairn import-mlflow needs the mlflow package: pip install 'cairn[mlflow]'") from exc
        self.cairn = client
        self.source = tracking_uri
        self.registry_uri = registry_uri or tracking_uri
        self.mlflow = MlflowClient(tracking_uri=tracking_uri, registry_uri=registry_uri or tracking_uri)
        self.project = project
        self.only = set(experiments) if experiments else None
        self.copy_artifacts = artifacts
        self.copy_models = models
        self.summary = ImportSummary()
        # source run id -> Cairn run id, for parents and model versions.
        self.run_ids: dict[str, str] = {}
        # What was read from the source, read once (count() then run()).
        self._runs_of: dict[str, list[Any]] = {}
        self._versions_of: dict[str, list[Any]] = {}
        self._logged_models_of: dict[str, dict[str, list[Any]]] = {}

    # The plan: everything to copy, counted first so that a progress bar has its total.

    def source_experiments(self) -> list[Any]:
        from mlflow.entities import ViewType

        found, token = [], None
        while True:
            page = self.mlflow.search_experiments(view_type=ViewType.ACTIVE_ONLY, max_results=1000, page_token=token)
            found += [e for e in page if self.only is None or e.name in self.only]
            token = page.token
            if not token:
                return found

    def source_runs(self, experiment_id: str) -> list[Any]:
        if experiment_id not in self._runs_of:
            self._runs_of[experiment_id] = self._read_runs(experiment_id)
        return self._runs_of[experiment_id]

    def _read_runs(self, experiment_id: str) -> list[Any]:
        from mlflow.entities import ViewType

        runs, token = [], None
        while True:
            page = self.mlflow.search_runs(
                [experiment_id], run_view_type=ViewType.ACTIVE_ONLY, max_results=1000, page_token=token
            )
            runs += list(page)
            token = page.token
            if not token:
                break
        # Parents before their children, so that a child can name its parent's Cairn id.
        ids = {r.info.run_id for r in runs}
        return sorted(runs, key=lambda r: (r.data.tags.get("mlflow.parentRunId") in ids, r.info.start_time or 0))

    def source_models(self) -> list[Any]:
        found, token = [], None
        while True:
            page = self.mlflow.search_registered_models(max_results=1000, page_token=token)
            found += list(page)
            token = page.token
            if not token:
                return found

    def run(self, *, progress: Callable[[str, int], None] | None = None) -> ImportSummary:
        """Imports everything; ``progress(what, n)`` hears each run and version as it is done."""
        tick = progress or (lambda _what, _n: None)
        for experiment, runs in self._plan():
            target = self._experiment(experiment)
            existing = self._imported_runs(target)
            for run in runs:
                self._run(run, target, existing)
                tick("run", 1)
        if self.copy_models:
            for model in self.source_models():
                self._model(model, tick)
        return self.summary

    def _plan(self) -> list[tuple[Any, list[Any]]]:
        plan = [(e, self.source_runs(e.experiment_id)) for e in self.source_experiments()]
        # MLflow's Default experiment exists in every store: copied only when it holds runs.
        return [(e, runs) for e, runs in plan if runs or str(e.experiment_id) != "0"]

    def count(self) -> tuple[int, int]:
        """How many runs and model versions the import walks (for a progress bar's total)."""
        runs = sum(len(r) for _, r in self._plan())
        versions = 0
        if self.copy_models:
            for m in self.source_models():
                versions += len(self._source_versions(m.name))
        return runs, versions

    # Experiments

    def _key(self, *parts: str) -> str:
        return f"{self.source}#" + "/".join(parts)

    def _experiment(self, experiment: Any) -> str:
        key = self._key("experiments", experiment.experiment_id)
        by_name = {}
        for e in self.cairn.experiments.list(project=self.project, view="all"):
            if e.tags.get(IMPORTED_FROM) == key:
                self.summary.experiments_existing += 1
                return e.id
            by_name[e.name] = e
        tags = {k: v for k, v in experiment.tags.items() if k != "mlflow.note.content"}
        description = experiment.tags.get("mlflow.note.content")
        if experiment.name in by_name:
            # A Cairn experiment of that name (the Default one, or made by hand): import into it.
            target = by_name[experiment.name]
            self.cairn.experiments.set_tag(target.id, IMPORTED_FROM, key, project=self.project)
            self.summary.experiments_existing += 1
            return target.id
        made = self.cairn.experiments.create(
            name=experiment.name, description=description, tags={**tags, IMPORTED_FROM: key}, project=self.project
        )
        self.summary.experiments_created += 1
        return made.id

    # Runs

    def _imported_runs(self, experiment_id: str) -> dict[str, Any]:
        found = {}
        for run in self.cairn.runs.search(experiment_ids=[experiment_id], view="all", project=self.project):
            key = run.tags.get(IMPORTED_FROM)
            if key:
                found[key] = run
        return found

    def _run(self, run: Any, experiment_id: str, existing: dict[str, Any]) -> None:
        info, data = run.info, run.data
        key = self._key("runs", info.run_id)
        made = existing.get(key)
        if made is not None and made.tags.get(IMPORT_COMPLETE) == "true":
            self.run_ids[info.run_id] = made.id
            self.summary.runs_skipped += 1
            return
        parent = self.run_ids.get(data.tags.get("mlflow.parentRunId", ""))
        if made is None:
            made = self._create_run(experiment_id, info, key, parent)
        cairn_id = made.id
        self.run_ids[info.run_id] = cairn_id
        tags = {k: v for k, v in data.tags.items() if k not in _RUN_FIELD_TAGS}
        if parent and made.parent_run_id != parent:
            # A run made by an import that stopped before its parent was known.
            tags["mlflow.parentRunId"] = parent
        points = []
        for metric_key in data.metrics:
            for point in self.mlflow.get_metric_history(info.run_id, metric_key):
                points.append(
                    {"key": point.key, "value": point.value, "step": point.step, "timestamp": point.timestamp}
                )
        self.cairn.runs.log_batch(cairn_id, metrics=points, params=data.params, tags=tags, project=self.project)
        self.summary.params += len(data.params)
        self.summary.metric_points += len(points)
        self.summary.tags += len(tags)
        datasets = self._datasets(run)
        if datasets:
            self.cairn.runs.log_inputs(cairn_id, datasets=datasets, project=self.project)
            self.summary.datasets += len(datasets)
        if self.copy_artifacts:
            self._artifacts(info.run_id, cairn_id)
            self._logged_models(run, cairn_id, made.tags)
        if info.status != "RUNNING" or info.end_time:
            self.cairn.runs.update(
                cairn_id, status=info.status, end_time=info.end_time or None, project=self.project
            )
        self.cairn.runs.log_batch(cairn_id, tags={IMPORT_COMPLETE: "true"}, project=self.project)
        self.summary.runs_imported += 1

    @staticmethod
    def _datasets(run: Any) -> list[dict[str, Any]]:
        inputs = getattr(run, "inputs", None)
        out = []
        for item in getattr(inputs, "dataset_inputs", None) or []:
            d = item.dataset
            entry = {
                "name": d.name,
                "digest": d.digest,
                "source_type": d.source_type,
                "source": d.source,
                "schema": d.schema or "",
                "profile": d.profile or "",
            }
            context = {t.key: t.value for t in item.tags}.get("mlflow.data.context")
            if context:
                entry["context"] = context
            out.append({k: v for k, v in entry.items() if v is not None})
        return out

    def _create_run(self, experiment_id: str, info: Any, key: str, parent: str | None) -> Any:
        """The run in Cairn under its MLflow id where it can be (so `runs:/<id>/...` URIs keep working),
        under a new one when that id is taken or not of Cairn's shape."""
        fields = dict(name=info.run_name or None, tags={IMPORTED_FROM: key}, parent_run_id=parent,
                      start_time=info.start_time, project=self.project)
        if _RUN_ID.fullmatch(info.run_id or ""):
            try:
                made = self.cairn.runs.create(experiment_id, run_id=info.run_id, **fields)
                self.summary.run_ids_kept += 1
                return made
            except ConflictError:
                pass
        return self.cairn.runs.create(experiment_id, **fields)

    def _artifacts(self, source_run_id: str, cairn_run_id: str) -> None:
        if not self.mlflow.list_artifacts(source_run_id):
            return
        with tempfile.TemporaryDirectory(prefix="cairn-import-") as tmp:
            local = Path(self.mlflow.download_artifacts(source_run_id, "", tmp))
            self._upload_tree(local, cairn_run_id, prefix="")

    def _source_logged_models(self, experiment_id: str) -> dict[str, list[Any]]:
        """MLflow 3 logged models of an experiment by source run (none before MLflow 3)."""
        if experiment_id not in self._logged_models_of:
            by_run: dict[str, list[Any]] = {}
            token = None
            try:
                while True:
                    page = self.mlflow.search_logged_models(
                        experiment_ids=[experiment_id], max_results=100, page_token=token
                    )
                    for lm in page:
                        by_run.setdefault(lm.source_run_id or "", []).append(lm)
                    token = page.token
                    if not token:
                        break
            except (AttributeError, MlflowException):
                by_run = {}
            self._logged_models_of[experiment_id] = by_run
        return self._logged_models_of[experiment_id]

    def _logged_models(self, run: Any, cairn_run_id: str, tags_now: dict[str, str]) -> None:
        """Copies the run's MLflow 3 logged models (whose files are not among the run's artifacts in
        MLflow) into the Cairn run, at the model's name (``model``), as MLflow 2 kept them."""
        models = self._source_logged_models(run.info.experiment_id).get(run.info.run_id, [])
        if not models:
            return
        from mlflow.artifacts import download_artifacts

        taken = {e["name"] for e in self.cairn.runs.list_artifacts(cairn_run_id, project=self.project)}
        placed = {}
        for lm in models:
            tag = LOGGED_MODEL_TAG + lm.model_id
            path = tags_now.get(tag)
            if path is None:
                path = lm.name if lm.name and lm.name not in taken else f"models/{lm.model_id}"
                taken.add(path.split("/")[0])
            with tempfile.TemporaryDirectory(prefix="cairn-import-") as tmp:
                local = download_artifacts(
                    artifact_uri=lm.artifact_location, dst_path=tmp, tracking_uri=self.source,
                    registry_uri=self.registry_uri,
                )
                self._upload_tree(Path(local), cairn_run_id, prefix=path + "/")
            placed[tag] = path
            self.summary.logged_models += 1
        self.cairn.runs.log_batch(cairn_run_id, tags=placed, project=self.project)

    def _upload_tree(self, root: Path, cairn_run_id: str, *, prefix: str) -> None:
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = file.relative_to(root).as_posix()
            self.cairn.runs.upload_artifact(
                cairn_run_id, path=f"{prefix}{relative}", file=file, project=self.project
            )
            self.summary.artifacts += 1
            self.summary.artifact_bytes += file.stat().st_size

    # Registered models

    def _source_versions(self, name: str) -> list[Any]:
        if name not in self._versions_of:
            escaped = name.replace("'", "\\'")
            versions = list(self.mlflow.search_model_versions(f"name = '{escaped}'"))
            self._versions_of[name] = sorted(versions, key=lambda v: int(v.version))
        return self._versions_of[name]

    def _model(self, model: Any, tick: Callable[[str, int], None]) -> None:
        key = self._key("models", model.name)
        try:
            target = self.cairn.models.get(model.name, project=self.project)
            self.summary.models_existing += 1
            if target.tags.get(IMPORTED_FROM) != key:
                self.cairn.models.set_tag(model.name, IMPORTED_FROM, key, project=self.project)
        except NotFoundError:
            try:
                self.cairn.models.create(
                    name=model.name,
                    description=model.description or None,
                    tags={**(model.tags or {}), IMPORTED_FROM: key},
                    project=self.project,
                )
                self.summary.models_created += 1
            except ConflictError:
                self.summary.models_existing += 1
        made: dict[str, Any] = {}
        for v in self.cairn.models.versions.list(model.name, project=self.project):
            if v.tags.get(IMPORTED_FROM):
                made[v.tags[IMPORTED_FROM]] = v
        numbers: dict[str, int] = {}
        for version in self._source_versions(model.name):
            try:
                numbers[str(version.version)] = self._version(model.name, version, made)
            except (CairnError, MlflowException, OSError) as exc:  # reported; the other versions go on
                self.summary.problems.append(f"model {model.name} version {version.version}: {exc}")
            tick("version", 1)
        aliases = model.aliases or {}
        if isinstance(aliases, list):  # some MLflow versions answer [RegisteredModelAlias]
            aliases = {a.alias: a.version for a in aliases}
        current = self.cairn.models.get(model.name, project=self.project).aliases
        for alias, source_version in aliases.items():
            number = numbers.get(str(source_version))
            if number is not None and current.get(alias) != number:
                self.cairn.models.set_alias(model.name, alias, version=number, project=self.project)
                self.summary.aliases_set += 1

    def _version(self, model: str, version: Any, made: dict[str, Any]) -> int:
        key = self._key("models", model, "versions", str(version.version))
        existing = made.get(key)
        if existing is not None:
            self.summary.versions_skipped += 1
            number = int(existing.version)
            stage_now = existing.stage
        else:
            created = self._create_version(model, version, key)
            self.summary.versions_created += 1
            number, stage_now = int(created.version), created.stage
        stage = STAGES.get(version.current_stage or "None", "development")
        if stage != stage_now:
            self.cairn.models.versions.transition_stage(
                model, number, stage=stage, comment="imported from MLflow", project=self.project
            )
            self.summary.stages_set += 1
        return number

    def _create_version(self, model: str, version: Any, key: str) -> Any:
        tags = {**(version.tags or {}), IMPORTED_FROM: key}
        # The same key for the same source version: a retry after a lost answer makes no second version.
        idempotency = hashlib.sha256(key.encode()).hexdigest()[:64]
        run_id = self.run_ids.get(version.run_id or "")
        source = version.source or ""
        prefix = f"runs:/{version.run_id}/"
        if run_id and self.copy_artifacts and source.startswith(prefix):
            artifact_path = source[len(prefix) :].strip("/") or "model"
        elif run_id:
            # An MLflow 3 logged model (models:/m-...) or files elsewhere: copy them into the run, so the
            # version keeps its lineage to the run.
            artifact_path = self._copy_model_files(model, version, run_id)
        else:
            return self._upload_version(model, version, tags)
        return self.cairn.models.versions.create(
            model,
            run_id=run_id,
            artifact_path=artifact_path,
            description=version.description or None,
            tags=tags,
            idempotency_key=idempotency,
            project=self.project,
        )

    def _download_version(self, model: str, version: Any, into: str) -> Path:
        from mlflow.artifacts import download_artifacts

        uri = self.mlflow.get_model_version_download_uri(model, str(version.version))
        return Path(
            download_artifacts(
                artifact_uri=uri, dst_path=into, tracking_uri=self.source, registry_uri=self.registry_uri
            )
        )

    def _copy_model_files(self, model: str, version: Any, cairn_run_id: str) -> str:
        model_id = getattr(version, "model_id", None) or f"{model}-v{version.version}"
        copied = self.cairn.runs.get(cairn_run_id, project=self.project).tags.get(LOGGED_MODEL_TAG + model_id)
        if copied:
            return copied
        taken = {e["name"] for e in self.cairn.runs.list_artifacts(cairn_run_id, project=self.project)}
        name = None
        if model_id.startswith("m-"):
            try:
                name = self.mlflow.get_logged_model(model_id).name
            except (MlflowException, AttributeError):  # gone, or an MLflow before logged models
                name = None
        artifact_path = name if name and name not in taken else f"models/{model_id}"
        with tempfile.TemporaryDirectory(prefix="cairn-import-") as tmp:
            local = self._download_version(model, version, tmp)
            self._upload_tree(local, cairn_run_id, prefix=artifact_path + "/")
        self.cairn.runs.log_batch(
            cairn_run_id, tags={LOGGED_MODEL_TAG + model_id: artifact_path}, project=self.project
        )
        return artifact_path

    def _upload_version(self, model: str, version: Any, tags: dict[str, str]) -> Any:
        with tempfile.TemporaryDirectory(prefix="cairn-import-") as tmp:
            local = self._download_version(model, version, tmp)
            return self.cairn.models.versions.upload(
                model,
                path=local,
                description=version.description or None,
                tags=tags,
                create_model=False,
                project=self.project,
            )


def iter_summary(summary: ImportSummary) -> Iterator[tuple[str, Any]]:
    """The summary's lines for people: (what, count)."""
    s = summary
    yield "experiments", f"{s.experiments_created} created, {s.experiments_existing} already there"
    yield "runs", (f"{s.runs_imported} imported ({s.run_ids_kept} under their MLflow ids), "
                   f"{s.runs_skipped} already imported")
    yield "params / tags / datasets", f"{s.params} / {s.tags} / {s.datasets}"
    yield "metric points", s.metric_points
    yield "artifacts", f"{s.artifacts} files, {s.artifact_bytes} bytes ({s.logged_models} MLflow 3 logged models)"
    yield "registered models", f"{s.models_created} created, {s.models_existing} already there"
    yield "model versions", f"{s.versions_created} created, {s.versions_skipped} already imported"
    yield "stages / aliases set", f"{s.stages_set} / {s.aliases_set}"
