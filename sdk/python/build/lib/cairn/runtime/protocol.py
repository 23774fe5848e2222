"""The byte layout the gateway and the worker share (docs/adr/0003-deployments-and-serving.md).

Frames are a u32 little-endian length then the payload, whose first byte is the message type. A
TABLE holds typed columns as contiguous little-endian buffers; this module converts them to and
from numpy arrays with `numpy.frombuffer` / `tobytes`, so fixed-width data never goes through a
per-row Python loop. Strings and binaries do take one pass over their offsets: Python needs one
object per string, and there is no way to make them without touching each.

This module is only the exact byte layout; what a table means to a model (NaN for a missing
float, a DataFrame vs an ndarray) is in `convert.py`.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import numpy as np


class ProtocolError(Exception):
    """A frame that does not follow the layout (truncated, unknown type, sizes that disagree)."""


class MessageType(IntEnum):
    READY = 1
    FAILED = 2
    PREDICT = 3
    RESULT = 4
    ERROR = 5
    PING = 6
    PONG = 7


class DType(IntEnum):
    BOOL = 1  # one byte, 0 or 1
    INT32 = 2
    INT64 = 3
    FLOAT32 = 4
    FLOAT64 = 5
    STRING = 6  # UTF-8, variable width
    BINARY = 7  # bytes, variable width
    DATETIME = 8  # int64 nanoseconds since the epoch, UTC


class TableKind(IntEnum):
    DATAFRAME = 0
    TENSORS = 1


class ResultKind(IntEnum):
    NDARRAY = 0
    DATAFRAME = 1
    SERIES = 2
    JSON = 3
    TENSORS = 4  # a dict of arrays with one row each per input row


# The numpy dtype each fixed-width type is stored as on the wire (always little-endian).
WIRE_DTYPES: dict[DType, np.dtype] = {
    DType.BOOL: np.dtype("u1"),
    DType.INT32: np.dtype("<i4"),
    DType.INT64: np.dtype("<i8"),
    DType.FLOAT32: np.dtype("<f4"),
    DType.FLOAT64: np.dtype("<f8"),
    DType.DATETIME: np.dtype("<i8"),
}
VARIABLE_WIDTH = (DType.STRING, DType.BINARY)
_DTYPES = {int(d): d for d in DType}
_MAX_FRAME = 0xFFFFFFFF


@dataclass
class Column:
    """One named column. `values` has shape (rows, *dims): numpy bool / int32 / int64 / float32 /
    float64 / datetime64[ns] arrays for the fixed-width types, object arrays of str or bytes for
    the variable-width ones. `valid` is None (every row present) or a bool array, False = missing;
    the values of a missing row are whatever the sender wrote (zeros, empty strings)."""

    name: str
    dtype: DType
    values: np.ndarray
    valid: np.ndarray | None = None

    @property
    def dims(self) -> tuple[int, ...]:
        return tuple(self.values.shape[1:])


@dataclass
class Table:
    kind: TableKind
    rows: int
    columns: list[Column] = field(default_factory=list)


@dataclass
class Ready:
    info: dict[str, Any]


@dataclass
class Failed:
    error: str
    traceback: str = ""


@dataclass
class Predict:
    id: int
    params: dict[str, Any] | None
    table: Table


@dataclass
class Result:
    id: int
    kind: ResultKind
    table: Table | None = None  # kinds 0-2
    json: str = ""  # kind 3: the JSON text
    rows: int = -1  # kind 3: the list's length, -1 when not a list


@dataclass
class Error:
    id: int
    message: str


@dataclass
class Ping:
    id: int


@dataclass
class Pong:
    id: int


Message = Ready | Failed | Predict | Result | Error | Ping | Pong


# ---- frames over a stream socket -------------------------------------------------------------


def _recv_exact(sock, n: int) -> bytearray | None:
    """n bytes, or None when the peer closed before the first byte (a clean end of stream)."""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            if got == 0:
                return None
            raise ProtocolError(f"connection closed after {got} of {n} bytes")
        got += k
    return buf


def read_frame(sock) -> bytearray | None:
    """The next frame's payload; None when the peer closed the socket between frames."""
    head = _recv_exact(sock, 4)
    if head is None:
        return None
    (length,) = struct.unpack("<I", head)
    if length == 0:
        raise ProtocolError("empty frame")
    payload = _recv_exact(sock, length)
    if payload is None:
        raise ProtocolError("connection closed inside a frame")
    return payload


def frame(payload: bytes) -> bytes:
    if not payload or len(payload) > _MAX_FRAME:
        raise ProtocolError(f"frame payload of {len(payload)} bytes")
    return struct.pack("<I", len(payload)) + payload


def write_frame(sock, payload: bytes) -> None:
    sock.sendall(frame(payload))


# ---- TABLE -----------------------------------------------------------------------------------


_U8, _U16, _U32, _U64, _I64 = (struct.Struct(f) for f in ("<B", "<H", "<I", "<Q", "<q"))


class _Reader:
    """Reads a payload front to back. Scalars are unpacked in place (precompiled structs, no
    slicing): a column header is a handful of them, and a request has one header per feature."""

    def __init__(self, buf, offset: int = 0):
        self.buf = memoryview(buf)
        self.n = len(self.buf)
        self.pos = offset

    def _need(self, n: int) -> int:
        end = self.pos + n
        if n < 0 or end > self.n:
            raise ProtocolError(f"truncated: need {n} bytes at offset {self.pos}, have {self.n - self.pos}")
        return end

    def take(self, n: int) -> memoryview:
        end = self._need(n)
        out = self.buf[self.pos : end]
        self.pos = end
        return out

    def unpack(self, fmt: str):
        st = struct.Struct(fmt)
        end = self._need(st.size)
        out = st.unpack_from(self.buf, self.pos)
        self.pos = end
        return out

    def _scalar(self, st: struct.Struct) -> int:
        end = self._need(st.size)
        (value,) = st.unpack_from(self.buf, self.pos)
        self.pos = end
        return value

    def u8(self) -> int:
        return self._scalar(_U8)

    def u16(self) -> int:
        return self._scalar(_U16)

    def u32(self) -> int:
        return self._scalar(_U32)

    def u64(self) -> int:
        return self._scalar(_U64)

    def i64(self) -> int:
        return self._scalar(_I64)

    def text(self, n: int) -> str:
        return str(self.take(n), "utf-8")

    def done(self) -> bool:
        return self.pos == self.n


def _element_count(rows: int, dims: tuple[int, ...]) -> int:
    return rows * int(np.prod(dims, dtype=np.int64)) if dims else rows


def _encode_variable(values: np.ndarray, dtype: DType) -> list[bytes]:
    flat = values.reshape(-1)
    if dtype == DType.STRING:
        pieces = [b"" if v is None or (isinstance(v, float) and v != v) else str(v).encode("utf-8") for v in flat]
    else:
        pieces = [b"" if v is None or (isinstance(v, float) and v != v) else bytes(v) for v in flat]
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.uint64, count=len(pieces))
    offsets = np.zeros(len(pieces) + 1, dtype=np.uint64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] > 0xFFFFFFFF:
        raise ProtocolError("a variable-width column over 4 GiB does not fit u32 offsets")
    data = b"".join(pieces)
    return [
        struct.pack("<Q", len(pieces)),
        offsets.astype("<u4").tobytes(),
        struct.pack("<Q", len(data)),
        data,
    ]


def _decode_variable(r: _Reader, dtype: DType, count: int) -> np.ndarray:
    n = r.u64()
    if n != count:
        raise ProtocolError(f"variable-width column has {n} elements, expected {count}")
    offsets = np.frombuffer(r.take(4 * (n + 1)), dtype="<u4")
    nbytes = r.u64()
    data = bytes(r.take(nbytes))
    if offsets[0] != 0 or offsets[-1] != nbytes or (n and np.any(offsets[1:] < offsets[:-1])):
        raise ProtocolError("variable-width offsets are not increasing from 0 to nbytes")
    out = np.empty(n, dtype=object)
    starts, ends = offsets[:-1].tolist(), offsets[1:].tolist()
    if dtype == DType.STRING:
        if data.isascii():
            # Byte offsets are character offsets in ASCII: decode once, slice the str.
            text = data.decode("ascii")
            out[:] = [text[a:b] for a, b in zip(starts, ends)]
        else:
            out[:] = [data[a:b].decode("utf-8") for a, b in zip(starts, ends)]
    else:
        out[:] = [data[a:b] for a, b in zip(starts, ends)]
    return out


def encode_table(table: Table) -> bytes:
    parts: list[bytes] = [struct.pack("<BqH", table.kind, table.rows, len(table.columns))]
    for col in table.columns:
        if col.values.shape[:1] != (table.rows,):
            raise ProtocolError(f"column {col.name!r} has shape {col.values.shape}, table has {table.rows} rows")
        name = col.name.encode("utf-8")
        dims = col.dims
        parts.append(struct.pack("<H", len(name)) + name)
        parts.append(struct.pack(f"<BB{len(dims)}q", col.dtype, len(dims), *dims))
        if col.valid is None:
            parts.append(b"\x00")
        else:
            parts.append(b"\x01" + np.asarray(col.valid, dtype=bool).astype("u1").tobytes())
        if col.dtype in VARIABLE_WIDTH:
            parts.extend(_encode_variable(col.values, col.dtype))
        else:
            values = col.values
            if col.dtype == DType.DATETIME:
                values = values.astype("datetime64[ns]").view("<i8")
            data = np.ascontiguousarray(values, dtype=WIRE_DTYPES[col.dtype]).tobytes()
            parts.append(struct.pack("<Q", len(data)))
            parts.append(data)
    return b"".join(parts)


def _decode_table(r: _Reader) -> Table:
    kind = TableKind(r.u8())
    rows = r.i64()
    if rows < 0:
        raise ProtocolError(f"negative row count {rows}")
    table = Table(kind=kind, rows=rows)
    for _ in range(r.u16()):
        name = r.text(r.u16())
        dtype = _DTYPES.get(r.u8())
        if dtype is None:
            raise ProtocolError(f"column {name!r}: unknown dtype {r.buf[r.pos - 1]}")
        ndim = r.u8()
        dims = r.unpack(f"<{ndim}q") if ndim else ()
        if any(d < 0 for d in dims):
            raise ProtocolError(f"column {name!r} has negative dims {dims}")
        valid = None
        if r.u8():
            valid = np.frombuffer(r.take(rows), dtype="u1") != 0
        count = _element_count(rows, dims)
        if dtype in VARIABLE_WIDTH:
            values = _decode_variable(r, dtype, count)
        else:
            wire = WIRE_DTYPES[dtype]
            nbytes = r.u64()
            if nbytes != count * wire.itemsize:
                raise ProtocolError(f"column {name!r}: {nbytes} data bytes for {count} elements of {dtype.name}")
            values = np.frombuffer(r.take(nbytes), dtype=wire)
            if dtype == DType.BOOL:
                values = values != 0
            elif dtype == DType.DATETIME:
                values = values.view("datetime64[ns]")
        table.columns.append(Column(name, dtype, values.reshape((rows, *dims)), valid))
    return table


def decode_table(buf) -> Table:
    r = _Reader(buf)
    table = _decode_table(r)
    if not r.done():
        raise ProtocolError(f"{r.n - r.pos} bytes after the table")
    return table


# ---- messages --------------------------------------------------------------------------------


def _json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _sized(data: bytes) -> bytes:
    return struct.pack("<I", len(data)) + data


def encode_message(msg: Message) -> bytes:
    """The payload of one frame (without the u32 length; `frame()` adds it)."""
    if isinstance(msg, Ready):
        return bytes([MessageType.READY]) + _json_bytes(msg.info)
    if isinstance(msg, Failed):
        return bytes([MessageType.FAILED]) + _json_bytes({"error": msg.error, "traceback": msg.traceback})
    if isinstance(msg, Predict):
        params = _json_bytes(msg.params) if msg.params is not None else b""
        return struct.pack("<BQ", MessageType.PREDICT, msg.id) + _sized(params) + encode_table(msg.table)
    if isinstance(msg, Result):
        head = struct.pack("<BQB", MessageType.RESULT, msg.id, msg.kind)
        if msg.kind == ResultKind.JSON:
            return head + struct.pack("<q", msg.rows) + _sized(msg.json.encode("utf-8"))
        if msg.table is None:
            raise ProtocolError(f"a {msg.kind.name} result needs a table")
        return head + encode_table(msg.table)
    if isinstance(msg, Error):
        return struct.pack("<BQ", MessageType.ERROR, msg.id) + _sized(msg.message.encode("utf-8"))
    if isinstance(msg, Ping):
        return struct.pack("<BQ", MessageType.PING, msg.id)
    if isinstance(msg, Pong):
        return struct.pack("<BQ", MessageType.PONG, msg.id)
    raise TypeError(f"not a message: {msg!r}")


def decode_message(payload) -> Message:
    r = _Reader(payload)
    try:
        kind = MessageType(r.u8())
    except ValueError as e:
        raise ProtocolError(str(e)) from None
    if kind == MessageType.READY:
        msg: Message = Ready(json.loads(r.text(r.n - r.pos)))
    elif kind == MessageType.FAILED:
        body = json.loads(r.text(r.n - r.pos))
        msg = Failed(body["error"], body.get("traceback", ""))
    elif kind == MessageType.PREDICT:
        id_ = r.u64()
        n = r.u32()
        params = json.loads(r.text(n)) if n else None
        msg = Predict(id_, params, _decode_table(r))
    elif kind == MessageType.RESULT:
        id_ = r.u64()
        rkind = ResultKind(r.u8())
        if rkind == ResultKind.JSON:
            rows = r.i64()
            msg = Result(id_, rkind, json=r.text(r.u32()), rows=rows)
        else:
            msg = Result(id_, rkind, table=_decode_table(r))
    elif kind == MessageType.ERROR:
        id_ = r.u64()
        msg = Error(id_, r.text(r.u32()))
    elif kind == MessageType.PING:
        msg = Ping(r.u64())
    else:
        msg = Pong(r.u64())
    if not r.done():
        raise ProtocolError(f"{r.n - r.pos} bytes after a {kind.name} message")
    return msg


def send(sock, msg: Message) -> None:
    write_frame(sock, encode_message(msg))


def receive(sock) -> Message | None:
    """The next message; None at a clean end of stream."""
    payload = read_frame(sock)
    return None if payload is None else decode_message(payload)
