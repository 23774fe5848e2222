"""What the worker tests share: a real worker child process and the tables the gateway sends."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from cairn.runtime.protocol import Column, DType, Message, Ping, Predict, Table, TableKind, receive, send


class WorkerProcess:
    """A real `python -m cairn.runtime.worker` child with a socketpair end as its fd 3, started the
    way the gateway starts it (the socket duplicated onto fd 3, stderr captured)."""

    def __init__(self, model_dir: Path, log_path: Path, python: str = sys.executable):
        self.sock, child = socket.socketpair()
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [python, "-m", "cairn.runtime.worker", "--model-dir", str(model_dir)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                # Python's own descriptors are close-on-exec; the duplicate on fd 3 is inherited.
                close_fds=False,
                preexec_fn=lambda: os.dup2(child.fileno(), 3),
            )
        child.close()  # the worker holds the only other end: its exit ends our reads
        self.sock.settimeout(90)
        self.hello = receive(self.sock)

    def call(self, msg: Message) -> Message:
        send(self.sock, msg)
        return receive(self.sock)

    def predict(self, table, params=None, id_=1):
        return self.call(Predict(id_, params, table))

    def ping(self, id_=7):
        return self.call(Ping(id_))

    def log(self) -> str:
        return self.log_path.read_text()

    def close(self, timeout=30) -> int:
        self.sock.close()
        return self.proc.wait(timeout=timeout)


def dataframe_table(df: pd.DataFrame) -> Table:
    """The table the gateway sends for a dataframe_split request of `df` (numeric columns)."""
    columns = [Column(str(name), DType.FLOAT64 if df[name].dtype.kind == "f" else DType.INT64, df[name].to_numpy()) for name in df.columns]
    return Table(TableKind.DATAFRAME, len(df), columns)


def tensor_table(array: np.ndarray) -> Table:
    return Table(TableKind.TENSORS, len(array), [Column("", DType.FLOAT64, array)])
