"""Writes the worker-protocol test vectors beside this file: NAME.bin (one whole frame, with its
u32 length) and NAME.json (what it holds, in plain JSON). The C++ side decodes the .bin files and
compares them with the .json; sdk/python/tests/test_vectors.py checks both directions in Python.

    python sdk/python/tests/vectors/generate.py     # after a change to the layout, commit the output

The JSON format is described in README.md beside this file.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

from cairn.runtime.protocol import (
    Column,
    DType,
    Error,
    Failed,
    Message,
    MessageType,
    Ping,
    Pong,
    Predict,
    Ready,
    Result,
    ResultKind,
    Table,
    TableKind,
    encode_message,
    frame,
)

HERE = Path(__file__).parent


def _valid(*flags):
    return np.array(flags, dtype=bool)


def vectors() -> dict[str, tuple[str, Message]]:
    every_dtype = Table(TableKind.DATAFRAME, 3, [
        Column("flag", DType.BOOL, np.array([True, False, True]), _valid(1, 1, 0)),
        Column("i32", DType.INT32, np.array([-2147483648, 0, 2147483647], np.int32)),
        Column("i64", DType.INT64, np.array([-9223372036854775808, 42, 9223372036854775807]), _valid(1, 0, 1)),
        Column("f32", DType.FLOAT32, np.array([1.5, -0.0, 3.25], np.float32)),
        Column("f64", DType.FLOAT64, np.array([math.pi, float("inf"), float("nan")]), _valid(1, 1, 0)),
        Column("city", DType.STRING, np.array(["Zürich", "", "東京 ✓"], dtype=object), _valid(1, 1, 1)),
        Column("raw", DType.BINARY, np.array([b"\x00\x01\xff", b"", b"cairn"], dtype=object)),
        Column("when", DType.DATETIME, np.array(["2024-02-29T12:34:56.123456789", "1970-01-01", "1969-12-31T23:59:59"], "datetime64[ns]")),
    ])
    ndarray_in = Table(TableKind.TENSORS, 2, [Column("", DType.FLOAT32, np.arange(12, dtype=np.float32).reshape(2, 2, 3) / 4)])
    named = Table(TableKind.TENSORS, 2, [
        Column("ids", DType.INT64, np.array([[1, 2, 3], [4, 5, 6]])),
        Column("text", DType.STRING, np.array([["a", "bc"], ["", "é"]], dtype=object)),
        Column("mask", DType.BOOL, np.array([True, False])),
    ])
    empty = Table(TableKind.DATAFRAME, 0, [Column("x", DType.FLOAT64, np.zeros(0)), Column("s", DType.STRING, np.empty(0, dtype=object))])
    return {
        "ready": ("READY from a loaded sklearn model", Ready({"pid": 4242, "python": "3.11.7", "mlflow": "3.17.2", "flavor": "sklearn", "batchable": True})),
        "failed": ("FAILED: the model's import error", Failed("ModuleNotFoundError: No module named 'lightgbm'", "Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'lightgbm'\n")),
        "predict_every_dtype": ("PREDICT with params and a DataFrame table of every dtype, validity, non-ASCII and empty strings", Predict(7, {"temperature": 0.5, "names": ["é"]}, every_dtype)),
        "predict_ndarray": ("PREDICT without params: one unnamed float32 tensor of per-row dims [2, 3]", Predict(8, None, ndarray_in)),
        "predict_named_tensors": ("PREDICT: named tensors (int64 [3], string [2], bool scalar)", Predict(2**64 - 1, None, named)),
        "predict_zero_rows": ("PREDICT: a DataFrame table with columns and no rows", Predict(9, None, empty)),
        "result_ndarray": ("RESULT kind 0: a 1-d int64 ndarray (class ids)", Result(7, ResultKind.NDARRAY, table=Table(TableKind.TENSORS, 3, [Column("", DType.INT64, np.array([0, 2, 1]))]))),
        "result_dataframe": ("RESULT kind 1: a DataFrame with a float column and a string column with a missing value", Result(7, ResultKind.DATAFRAME, table=Table(TableKind.DATAFRAME, 2, [
            Column("score", DType.FLOAT64, np.array([0.25, float("nan")])),
            Column("label", DType.STRING, np.array(["cat", ""], dtype=object), _valid(1, 0)),
        ]))),
        "result_series": ("RESULT kind 2: an unnamed Series (its column is named \"0\", as MLflow renders it)", Result(7, ResultKind.SERIES, table=Table(TableKind.DATAFRAME, 2, [Column("0", DType.FLOAT32, np.array([0.5, 1.0], np.float32))]))),
        "result_json_list": ("RESULT kind 3: a list of 2 rows", Result(7, ResultKind.JSON, json='[{"a": 1}, {"a": 2}]', rows=2)),
        "result_json_dict": ("RESULT kind 3: a dict (not row-aligned)", Result(7, ResultKind.JSON, json='{"sum": [[11.0]], "note": "ü"}', rows=-1)),
        "error": ("ERROR: the model's exception", Error(7, "ValueError: negative x is not allowed ✗")),
        "ping": ("PING", Ping(123456789)),
        "pong": ("PONG", Pong(123456789)),
    }


# ---- the JSON description ----------------------------------------------------------------------


def _value(dtype: DType, v):
    if dtype == DType.BOOL:
        return bool(v)
    if dtype in (DType.INT32, DType.INT64):
        return int(v)
    if dtype in (DType.FLOAT32, DType.FLOAT64):
        v = float(v)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if dtype == DType.STRING:
        return v
    if dtype == DType.BINARY:
        return bytes(v).hex()
    return int(np.datetime64(v, "ns").astype(np.int64))


def describe_table(table: Table) -> dict:
    return {
        "kind": table.kind.name.lower(),
        "rows": table.rows,
        "columns": [
            {
                "name": c.name,
                "dtype": c.dtype.name.lower(),
                "dims": list(c.dims),
                "valid": None if c.valid is None else [bool(x) for x in c.valid],
                "values": [_value(c.dtype, v) for v in c.values.reshape(-1)],
            }
            for c in table.columns
        ],
    }


def describe(msg: Message) -> dict:
    out: dict = {"type": type(msg).__name__.upper(), "type_byte": int(MessageType[type(msg).__name__.upper()])}
    if isinstance(msg, Ready):
        out["info"] = msg.info
    elif isinstance(msg, Failed):
        out.update(error=msg.error, traceback=msg.traceback)
    elif isinstance(msg, Predict):
        out.update(id=msg.id, params=msg.params, table=describe_table(msg.table))
    elif isinstance(msg, Result):
        out.update(id=msg.id, kind=int(msg.kind), kind_name=msg.kind.name.lower())
        if msg.kind == ResultKind.JSON:
            out.update(rows=msg.rows, json=msg.json)
        else:
            out["table"] = describe_table(msg.table)
    elif isinstance(msg, Error):
        out.update(id=msg.id, message=msg.message)
    else:
        out["id"] = msg.id
    return out


def write(directory: Path = HERE) -> list[str]:
    names = []
    for name, (what, msg) in vectors().items():
        (directory / f"{name}.bin").write_bytes(frame(encode_message(msg)))
        doc = {"description": what, "message": describe(msg)}
        (directory / f"{name}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        names.append(name)
    return names


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    print("\n".join(write(out)))
