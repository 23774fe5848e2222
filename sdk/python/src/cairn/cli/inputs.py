"""Reading ``--input`` files: CSV is sent as is, JSON decoded into a scoring body or records."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click


def read_input(path: Path) -> tuple[str, Any]:
    """``("csv", text)`` or ``("json", value)``, chosen by the file's extension (``-`` reads JSON from stdin)."""
    if str(path) == "-":
        text = sys.stdin.read()
        return "json", _decode(text, "stdin")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="--input") from exc
    if suffix == ".csv":
        if not text.strip():
            raise click.BadParameter(f"{path} is empty", param_hint="--input")
        return "csv", text
    if suffix in (".json", ".jsonl", ".ndjson"):
        if suffix != ".json":
            return "json", [_decode(line, f"{path}:{n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        return "json", _decode(text, str(path))
    raise click.BadParameter(f"{path}: expected a .csv, .json or .jsonl file", param_hint="--input")


def _decode(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"{where} is not valid JSON: {exc}", param_hint="--input") from exc
