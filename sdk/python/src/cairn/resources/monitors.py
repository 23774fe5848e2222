"""``client.monitors``: production monitoring of deployments and of models served elsewhere."""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..scope import segment
from ..types import LabelsReceipt, Monitor, MonitorReference, MonitorReport, RecordsReceipt
from ._base import Resource

# The server takes at most this many records or labels per request; longer lists are sent in batches.
MAX_BATCH = 10_000


def _records(records: Any) -> list[dict[str, Any]]:
    """Records as the API takes them: ``{"features": {...}, "prediction"?, "id"?, "timestamp"?}``.

    A pandas DataFrame becomes one record per row, its columns the features (a ``prediction``,
    ``id`` or ``timestamp`` column is taken as that part of the record).
    """
    if type(records).__name__ == "DataFrame":
        import json

        rows = json.loads(records.to_json(orient="records", date_format="iso"))
        out = []
        for row in rows:
            record: dict[str, Any] = {k: row.pop(k) for k in ("id", "timestamp", "prediction") if k in row}
            record["features"] = row
            out.append(record)
        return out
    out = [dict(r) for r in records]
    for i, record in enumerate(out):
        if not isinstance(record.get("features"), Mapping):
            raise ValueError(f"record {i} has no 'features' object")
    return out


class Monitors(Resource):
    def list(self, *, project: str | None = None, org: str | None = None) -> list[Monitor]:
        """The project's monitors, by name."""
        body = self._transport.json("GET", self._project_path(project, org) + "/monitors")
        return [Monitor.from_json(m) for m in body["monitors"]]

    def get(self, monitor: str, *, project: str | None = None, org: str | None = None) -> Monitor:
        return Monitor.from_json(self._transport.json("GET", self._path(monitor, project, org)))

    def create(
        self,
        *,
        name: str,
        deployment: str | None = None,
        config: Mapping[str, Any] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> Monitor:
        """A monitor of records sent by API (no ``deployment``), or the named monitor of a deployment."""
        body: dict[str, Any] = {"name": name}
        if deployment is not None:
            body["deployment"] = deployment
        if config:
            body["config"] = dict(config)
        return Monitor.from_json(
            self._transport.json("POST", self._project_path(project, org) + "/monitors", json=body)
        )

    def set_reference(
        self,
        monitor: str,
        *,
        records: Any = None,
        csv: str | bytes | None = None,
        parquet: str | os.PathLike[str] | bytes | None = None,
        window: tuple[int, int] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> MonitorReference:
        """Sets the data drift is judged against: ``records`` (a list or DataFrame), ``csv`` text, a
        ``parquet`` file (a path or its bytes, sent as they are: the server reads Parquet itself), or
        the records kept from production in a ``window`` (from, to; ms since the epoch). The server
        takes at most 10,000 rows: sample a larger training set first."""
        given = [x for x in (records, csv, parquet, window) if x is not None]
        if len(given) != 1:
            raise ValueError("pass exactly one of records, csv, parquet and window")
        path = self._path(monitor, project, org) + "/reference"
        if parquet is not None:
            if not isinstance(parquet, bytes):
                with open(parquet, "rb") as f:
                    parquet = f.read()
            answer = self._transport.json(
                "PUT", path, content=parquet, headers={"Content-Type": "application/vnd.apache.parquet"}
            )
        elif csv is not None:
            answer = self._transport.json("PUT", path, content=csv, headers={"Content-Type": "text/csv"})
        elif window is not None:
            start, end = window
            answer = self._transport.json("PUT", path, json={"window": {"from": start, "to": end}})
        else:
            answer = self._transport.json("PUT", path, json={"records": _records(records)})
        return MonitorReference.from_json(answer)

    def log(self, monitor: str, *, records: Any, project: str | None = None, org: str | None = None) -> RecordsReceipt:
        """Sends inference records of a model served elsewhere, in batches of at most 10,000.

        Each record is ``{"features": {...}, "prediction": ..., "id": ..., "timestamp": ...}`` (only
        ``features`` is required; an id makes resending safe), or pass a DataFrame.
        """
        rows = _records(records)
        if not rows:
            raise ValueError("no records to send")
        path = self._path(monitor, project, org) + "/records"
        received = stored = duplicates = 0
        for start in range(0, len(rows), MAX_BATCH):
            answer = self._transport.json("POST", path, json={"records": rows[start : start + MAX_BATCH]})
            received += answer["received"]
            stored += answer["stored"]
            duplicates += answer["duplicates"]
        total = {"received": received, "stored": stored, "duplicates": duplicates}
        return RecordsReceipt.from_json(total)

    def log_csv(
        self, monitor: str, *, csv: str | bytes, project: str | None = None, org: str | None = None
    ) -> RecordsReceipt:
        """Sends records as CSV: columns ``id``, ``timestamp``, ``prediction`` (or ``prediction.<name>``),
        the others features."""
        path = self._path(monitor, project, org) + "/records"
        return RecordsReceipt.from_json(
            self._transport.json("POST", path, content=csv, headers={"Content-Type": "text/csv"})
        )

    def labels(
        self,
        monitor: str,
        *,
        labels: Mapping[str, Any] | Iterable[Mapping[str, Any]],
        project: str | None = None,
        org: str | None = None,
    ) -> LabelsReceipt:
        """Sends ground truth by record id: ``{record_id: label}`` or ``[{"id": ..., "label": ...}]``."""
        if isinstance(labels, Mapping):
            items = [{"id": str(k), "label": v} for k, v in labels.items()]
        else:
            items = [dict(item) for item in labels]
        if not items:
            raise ValueError("no labels to send")
        path = self._path(monitor, project, org) + "/labels"
        received = matched = 0
        for start in range(0, len(items), MAX_BATCH):
            answer = self._transport.json("POST", path, json={"labels": items[start : start + MAX_BATCH]})
            received += answer["received"]
            matched += answer["matched"]
        return LabelsReceipt.from_json({"received": received, "matched": matched})

    def drift(
        self,
        monitor: str,
        *,
        start: int | None = None,
        end: int | None = None,
        resolution: int | None = None,
        baseline: tuple[int, int] | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> MonitorReport:
        """Drift per feature over [start, end) (ms; default the last hour), against the reference or
        against a ``baseline`` window (from, to)."""
        params: dict[str, Any] = {"from": start, "to": end, "resolution": resolution}
        if baseline is not None:
            params["baseline_from"], params["baseline_to"] = baseline
        return MonitorReport.from_json(
            self._transport.json("GET", self._path(monitor, project, org) + "/drift", params=params)
        )

    def records(
        self,
        monitor: str,
        *,
        start: int | None = None,
        end: int | None = None,
        limit: int | None = None,
        project: str | None = None,
        org: str | None = None,
    ) -> builtins.list[dict[str, Any]]:
        """Records kept in [start, end) (default the last hour), oldest first, with their labels."""
        params = {"from": start, "to": end, "limit": limit}
        body = self._transport.json("GET", self._path(monitor, project, org) + "/records", params=params)
        records: Sequence[dict[str, Any]] = body["records"]
        return list(records)

    def _path(self, monitor: str, project: str | None, org: str | None) -> str:
        return f"{self._project_path(project, org)}/monitors/{segment(monitor, what='monitor')}"
