"""Building an MLflow scoring request body from what a caller has in hand."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

SCORING_KEYS = ("dataframe_split", "dataframe_records", "instances", "inputs")


def scoring_body(data: Any) -> dict[str, Any]:
    """The JSON body of a prediction request.

    Takes a pandas DataFrame (sent as ``dataframe_split``), a list of row dicts
    (``dataframe_records``), or a dict that already is a scoring body (exactly one of
    ``dataframe_split``, ``dataframe_records``, ``instances``, ``inputs``, plus ``params``).
    """
    if _is_dataframe(data):
        # pandas' own JSON writer: NaN becomes null and numpy scalars plain numbers.
        split = json.loads(data.to_json(orient="split", index=False, date_format="iso"))
        return {"dataframe_split": {"columns": split["columns"], "data": split["data"]}}
    if isinstance(data, Mapping):
        present = [k for k in SCORING_KEYS if k in data]
        if len(present) != 1:
            raise ValueError(f"a scoring body needs exactly one of {', '.join(SCORING_KEYS)}; got {sorted(data)}")
        unknown = set(data) - set(SCORING_KEYS) - {"params"}
        if unknown:
            raise ValueError(f"unknown keys in the scoring body: {sorted(unknown)}")
        return dict(data)
    if (
        isinstance(data, Sequence)
        and not isinstance(data, (str, bytes))
        and data
        and all(isinstance(row, Mapping) for row in data)
    ):
        return {"dataframe_records": [dict(row) for row in data]}
    raise TypeError("data must be a pandas DataFrame, a non-empty list of row dicts, or a scoring body dict")


def _is_dataframe(data: Any) -> bool:
    # pandas is not imported unless the caller already has it.
    return type(data).__name__ == "DataFrame" and hasattr(data, "to_json")
