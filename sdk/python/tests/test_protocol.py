"""The worker protocol's byte layout (docs/adr/0003-deployments-and-serving.md): every message and
every column type survives a round trip, and malformed frames are refused."""

import json
import socket
import struct
import threading

import numpy as np
import pandas as pd
import pytest

from cairn.runtime import convert
from cairn.runtime.protocol import (
    Column,
    DType,
    Error,
    Failed,
    Ping,
    Pong,
    Predict,
    ProtocolError,
    Ready,
    Result,
    ResultKind,
    Table,
    TableKind,
    decode_message,
    decode_table,
    encode_message,
    encode_table,
    frame,
    receive,
    send,
)

ROWS = 3


def _columns():
    """One column of every dtype, scalar and tensor shaped, with and without validity."""
    return [
        Column("flag", DType.BOOL, np.array([True, False, True])),
        Column("i32", DType.INT32, np.array([-1, 0, 2**31 - 1], dtype=np.int32)),
        Column("i64", DType.INT64, np.array([-(2**63), 7, 2**63 - 1], dtype=np.int64), np.array([True, False, True])),
        Column("f32", DType.FLOAT32, np.arange(12, dtype=np.float32).reshape(3, 2, 2)),
        Column("f64", DType.FLOAT64, np.array([1.5, np.inf, -0.0])),
        Column("s", DType.STRING, np.array(["", "héllo wörld ✓", "日本語"], dtype=object), np.array([True, True, False])),
        Column("b", DType.BINARY, np.array([b"\x00\xff", b"", b"abc"], dtype=object)),
        Column("t", DType.DATETIME, np.array(["2024-02-29T12:00:00.000000001", "1970-01-01", "1900-01-01"], dtype="datetime64[ns]")),
        Column("st", DType.STRING, np.array([["a", "b"], ["", "ç"], ["x", "yz"]], dtype=object)),
    ]


def _assert_same_table(a: Table, b: Table):
    assert (a.kind, a.rows, len(a.columns)) == (b.kind, b.rows, len(b.columns))
    for x, y in zip(a.columns, b.columns):
        assert (x.name, x.dtype, x.dims) == (y.name, y.dtype, y.dims)
        assert x.values.shape == y.values.shape
        np.testing.assert_array_equal(x.values, y.values)
        if x.valid is None:
            assert y.valid is None
        else:
            np.testing.assert_array_equal(x.valid, y.valid)


@pytest.mark.parametrize("kind", [TableKind.DATAFRAME, TableKind.TENSORS])
def test_table_round_trips_every_dtype_shape_and_validity(kind):
    table = Table(kind, ROWS, _columns())
    decoded = decode_table(encode_table(table))
    _assert_same_table(table, decoded)
    assert decoded.columns[3].values.dtype == np.float32
    assert decoded.columns[7].values.dtype == np.dtype("datetime64[ns]")
    assert decoded.columns[5].values[1] == "héllo wörld ✓"


def test_table_layout_is_the_adr_bytes():
    table = Table(TableKind.TENSORS, 2, [Column("x", DType.INT32, np.array([[1, 2], [3, 4]], dtype=np.int32))])
    expected = (
        struct.pack("<BqH", 1, 2, 1)
        + struct.pack("<H", 1) + b"x"
        + struct.pack("<BBq", 2, 1, 2)
        + b"\x00"
        + struct.pack("<Q", 16) + struct.pack("<4i", 1, 2, 3, 4)
    )
    assert encode_table(table) == expected


def test_string_layout_is_count_offsets_nbytes_bytes():
    table = Table(TableKind.DATAFRAME, 2, [Column("", DType.STRING, np.array(["é", ""], dtype=object), np.array([True, False]))])
    expected = (
        struct.pack("<BqH", 0, 2, 1)
        + struct.pack("<H", 0)
        + struct.pack("<BB", 6, 0)
        + b"\x01\x01\x00"
        + struct.pack("<Q", 2) + struct.pack("<3I", 0, 2, 2)
        + struct.pack("<Q", 2) + "é".encode()
    )
    assert encode_table(table) == expected


def test_empty_table_and_zero_rows():
    table = Table(TableKind.DATAFRAME, 0, [Column("a", DType.FLOAT64, np.zeros(0)), Column("s", DType.STRING, np.empty(0, dtype=object))])
    _assert_same_table(table, decode_table(encode_table(table)))
    _assert_same_table(Table(TableKind.TENSORS, 0), decode_table(encode_table(Table(TableKind.TENSORS, 0))))


def test_fixed_width_decoding_shares_the_frame_buffer():
    # numpy.frombuffer: no copy, no per-row loop.
    payload = bytearray(encode_table(Table(TableKind.TENSORS, 4, [Column("", DType.FLOAT64, np.arange(4.0))])))
    column = decode_table(payload).columns[0]
    assert column.values.base is not None
    payload[-8:] = struct.pack("<d", 42.0)
    assert column.values[-1] == 42.0


@pytest.mark.parametrize(
    "msg",
    [
        Ready({"pid": 12, "python": "3.11.7", "mlflow": "3.17.2", "flavor": "sklearn", "batchable": True}),
        Failed("ModuleNotFoundError: No module named 'lightgbm'", "Traceback ..."),
        Predict(2**64 - 1, {"temperature": 0.5, "ñ": [1, 2]}, Table(TableKind.DATAFRAME, ROWS, _columns())),
        Predict(1, None, Table(TableKind.TENSORS, 1, [Column("", DType.FLOAT32, np.ones((1, 3), np.float32))])),
        Result(5, ResultKind.NDARRAY, table=Table(TableKind.TENSORS, 2, [Column("", DType.INT64, np.array([0, 1]))])),
        Result(6, ResultKind.JSON, json='{"a": [1, 2]}', rows=-1),
        Result(7, ResultKind.JSON, json="[1, 2, 3]", rows=3),
        Error(8, "ValueError: bad ✗ input"),
        Ping(9),
        Pong(9),
    ],
)
def test_every_message_round_trips(msg):
    decoded = decode_message(encode_message(msg))
    assert type(decoded) is type(msg)
    if isinstance(msg, (Predict, Result)) and msg.table is not None:
        _assert_same_table(msg.table, decoded.table)
        msg.table = decoded.table = None
    assert decoded == msg


def test_message_headers_are_the_adr_bytes():
    assert encode_message(Ping(258)) == b"\x06" + struct.pack("<Q", 258)
    assert encode_message(Error(1, "E: x")) == b"\x05" + struct.pack("<QI", 1, 4) + b"E: x"
    predict = encode_message(Predict(3, None, Table(TableKind.TENSORS, 0)))
    assert predict[:13] == b"\x03" + struct.pack("<QI", 3, 0)
    assert json.loads(encode_message(Ready({"pid": 1}))[1:]) == {"pid": 1}
    assert frame(b"\x06" + bytes(8))[:4] == struct.pack("<I", 9)


def test_frames_over_a_socket_and_clean_end_of_stream():
    a, b = socket.socketpair()
    with a, b:
        big = Predict(1, None, Table(TableKind.TENSORS, 200_000, [Column("", DType.FLOAT64, np.random.rand(200_000, 4))]))
        # The frame is larger than the socket's buffer: the sender needs its own thread.
        sender = threading.Thread(target=lambda: (send(a, Ping(1)), send(a, big)))
        sender.start()
        assert receive(b) == Ping(1)
        got = receive(b)
        np.testing.assert_array_equal(got.table.columns[0].values, big.table.columns[0].values)
        sender.join()
        a.close()
        assert receive(b) is None


def test_end_of_stream_inside_a_frame_is_an_error():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(frame(encode_message(Ping(1)))[:-3])
        a.close()
        with pytest.raises(ProtocolError):
            receive(b)


@pytest.mark.parametrize(
    "payload",
    [
        b"\x09",  # unknown message type
        b"\x06\x01\x02",  # truncated id
        b"\x06" + bytes(9),  # trailing byte
        b"\x03" + struct.pack("<QI", 1, 0) + struct.pack("<BqH", 1, 1, 1) + b"\x00\x00" + b"\x05\x00\x00" + struct.pack("<Q", 4) + bytes(4),
        b"\x03" + struct.pack("<QI", 1, 0) + struct.pack("<BqH", 1, 1, 1) + b"\x00\x00" + b"\x63\x00\x00",  # dtype 99
        b"\x03" + struct.pack("<QI", 1, 0) + struct.pack("<BqH", 1, 1, 1) + b"\x00\x00" + b"\x06\x00\x00" + struct.pack("<Q", 1) + struct.pack("<2I", 0, 5) + struct.pack("<Q", 2) + b"ab",
    ],
    ids=["unknown-type", "truncated", "trailing", "nbytes-mismatch", "unknown-dtype", "offsets-past-data"],
)
def test_malformed_payloads_are_refused(payload):
    with pytest.raises(ProtocolError):
        decode_message(payload)


# ---- what the model receives and what its answer becomes -------------------------------------


def test_dataframe_input_fills_missing_values_as_pandas_does():
    valid = np.array([True, False, True])
    table = Table(TableKind.DATAFRAME, 3, [
        Column("i", DType.INT64, np.array([1, 0, 3]), valid),
        Column("f", DType.FLOAT32, np.array([1, 0, 3], np.float32), valid),
        Column("b", DType.BOOL, np.array([True, False, False]), valid),
        Column("s", DType.STRING, np.array(["a", "", "c"], dtype=object), valid),
        Column("t", DType.DATETIME, np.array([0, 0, 1], dtype="datetime64[ns]"), valid),
        Column("n", DType.INT32, np.array([4, 5, 6], np.int32)),
    ])
    df = convert.table_to_input(decode_table(encode_table(table)))
    expected = pd.DataFrame({
        "i": [1, None, 3], "f": np.array([1, np.nan, 3], np.float32), "b": [True, None, False], "s": ["a", None, "c"],
        "t": pd.to_datetime([0, None, 1]), "n": np.array([4, 5, 6], np.int32),
    })
    pd.testing.assert_frame_equal(df, expected)


def test_tensor_inputs_are_an_ndarray_or_a_dict():
    one = Table(TableKind.TENSORS, 2, [Column("", DType.FLOAT64, np.arange(6.0).reshape(2, 3))])
    got = convert.table_to_input(decode_table(encode_table(one)))
    assert isinstance(got, np.ndarray) and got.shape == (2, 3)
    named = Table(TableKind.TENSORS, 2, [
        Column("a", DType.INT64, np.array([1, 2])),
        Column("s", DType.STRING, np.array(["x", "yy"], dtype=object)),
    ])
    got = convert.table_to_input(decode_table(encode_table(named)))
    assert list(got) == ["a", "s"]
    # As MLflow's scoring server makes them: np.array(list) gives a fixed-width str array.
    np.testing.assert_array_equal(got["s"], np.array(["x", "yy"]))
    assert got["s"].dtype.kind == "U"


def _round_trip(prediction):
    return decode_message(encode_message(convert.prediction_to_result(1, prediction)))


def test_prediction_kinds():
    nd = _round_trip(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    assert nd.kind == ResultKind.NDARRAY and nd.table.columns[0].dims == (2,)
    labels = _round_trip(np.array(["yes", "no"], dtype=object))
    assert labels.table.columns[0].dtype == DType.STRING
    df = _round_trip(pd.DataFrame({"p": [0.1, 0.9], "label": pd.array(["a", None], dtype="string"), 3: pd.array([1, None], dtype="Int64")}))
    assert df.kind == ResultKind.DATAFRAME and [c.name for c in df.table.columns] == ["p", "label", "3"]
    np.testing.assert_array_equal(df.table.columns[1].valid, [True, False])
    np.testing.assert_array_equal(df.table.columns[2].valid, [True, False])
    series = _round_trip(pd.Series([1, 2, 3]))
    assert series.kind == ResultKind.SERIES and series.table.columns[0].name == "0"
    as_json = _round_trip({"scores": np.array([1.5, 2.5]), "n": np.int64(2), "blob": b"\x00"})
    assert as_json.kind == ResultKind.JSON and as_json.rows == -1
    assert json.loads(as_json.json) == {"scores": [1.5, 2.5], "n": 2, "blob": "AA==\n"}
    named = _round_trip({"Y": np.array([[1.0, 2.0], [3.0, 4.0]], np.float32), "label": np.array(["a", "b"])})
    assert named.kind == ResultKind.TENSORS and [c.name for c in named.table.columns] == ["Y", "label"]
    assert named.table.rows == 2 and named.table.columns[0].dtype == DType.FLOAT32
    ragged = _round_trip({"a": np.array([1.0]), "b": np.array([1.0, 2.0])})
    assert ragged.kind == ResultKind.JSON  # not one row per input row: plain JSON
    a_list = _round_trip([{"a": 1}, {"a": 2}])
    assert (a_list.kind, a_list.rows) == (ResultKind.JSON, 2)
    mixed = _round_trip(pd.DataFrame({"x": [[1, 2], "a"]}))
    assert mixed.kind == ResultKind.JSON and json.loads(mixed.json) == [{"x": [1, 2]}, {"x": "a"}]
    assert _round_trip(np.float64(3.5)).json == "3.5"


def test_inputs_equal_what_mlflow_scoring_server_passes_to_predict():
    """The gateway parses the JSON into a table; the worker must hand predict the same object that
    MLflow's scoring server makes from that JSON (no signature: its plain parsing rules)."""
    from mlflow.utils.proto_json_utils import dataframe_from_parsed_json, parse_tf_serving_input

    split = {"columns": ["n", "x", "s", "flag"], "data": [[1, 0.5, "é", True], [None, None, None, None], [3, 2.0, "", False]]}
    valid = np.array([True, False, True])
    table = Table(TableKind.DATAFRAME, 3, [
        Column("n", DType.INT64, np.array([1, 0, 3]), valid),
        Column("x", DType.FLOAT64, np.array([0.5, 0.0, 2.0]), valid),
        Column("s", DType.STRING, np.array(["é", "", ""], dtype=object), valid),
        Column("flag", DType.BOOL, np.array([True, False, False]), valid),
    ])
    got = convert.table_to_input(decode_table(encode_table(table)))
    pd.testing.assert_frame_equal(got, dataframe_from_parsed_json(split, pandas_orient="split"))

    numeric = {"columns": ["a", "b", "c"], "data": [[1.5, None, 3.0], [0.25, 2.0, -1.0]]}
    got = convert.table_to_input(Table(TableKind.DATAFRAME, 2, [
        Column("a", DType.FLOAT64, np.array([1.5, 0.25])),
        Column("b", DType.FLOAT64, np.array([0.0, 2.0]), np.array([False, True])),
        Column("c", DType.FLOAT64, np.array([3.0, -1.0])),
    ]))
    pd.testing.assert_frame_equal(got, dataframe_from_parsed_json(numeric, pandas_orient="split"))

    instances = parse_tf_serving_input({"instances": [[1.5, 2.0], [3.0, 4.0]]})
    got = convert.table_to_input(Table(TableKind.TENSORS, 2, [Column("", DType.FLOAT64, np.array([[1.5, 2.0], [3.0, 4.0]]))]))
    assert got.dtype == instances.dtype and got.shape == instances.shape
    np.testing.assert_array_equal(got, instances)

    inputs = parse_tf_serving_input({"inputs": {"a": [[1, 2], [3, 4]], "s": ["x", "yy"]}})
    got = convert.table_to_input(Table(TableKind.TENSORS, 2, [
        Column("a", DType.INT64, np.array([[1, 2], [3, 4]])),
        Column("s", DType.STRING, np.array(["x", "yy"], dtype=object)),
    ]))
    assert list(got) == list(inputs)
    for name in inputs:
        assert got[name].dtype == inputs[name].dtype, name
        np.testing.assert_array_equal(got[name], inputs[name])
