"""The model-runtime worker: `python -m cairn.runtime.worker --model-dir DIR --fd 3`.

The server's gateway starts it with one end of a socketpair as file descriptor 3, waits for READY
(or FAILED, then exit code 1), and then sends PREDICT and PING frames one at a time
(docs/adr/0003-deployments-and-serving.md). stdout and stderr become the deployment's logs: one
line per event here, never input data (it may be personal) nor environment values (secrets).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import signal
import socket
import sys
import time
import traceback
from importlib import metadata

from cairn.runtime import convert, models
from cairn.runtime.protocol import Error, Failed, Ping, Pong, Predict, ProtocolError, Ready, receive, send

log = logging.getLogger("cairn.worker")


def describe(exc: BaseException) -> str:
    """"Type: message", the form a person reads in a deployment's status or an error answer."""
    return f"{type(exc).__name__}: {exc}"


def describe_load_failure(exc: BaseException) -> str:
    """A missing module is reported even when a loader wrapped it in its own exception, since
    installing that module is what fixes the deployment."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ImportError):
            return describe(seen)
        seen = seen.__cause__ or seen.__context__
    return describe(exc)


def _one_line(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mlflow_version() -> str | None:
    for dist in ("mlflow", "mlflow-skinny"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None


def serve(sock: socket.socket, model) -> None:
    """Answers frames until the gateway closes the socket."""
    while True:
        msg = receive(sock)
        if msg is None:
            log.info("socket closed by the gateway, exiting")
            return
        if isinstance(msg, Ping):
            send(sock, Pong(msg.id))
        elif isinstance(msg, Predict):
            start = time.perf_counter()
            try:
                data = convert.table_to_input(msg.table)
                prediction = model.predict(data, params=msg.params or None)
                reply = convert.prediction_to_result(msg.id, prediction)
            except Exception as e:  # the model's error fails this request only
                # Only the type: a model's message may quote the input (MLflow's schema errors do),
                # and input data stays out of the logs. The gateway gets the whole message.
                log.warning("predict %d failed: %s", msg.id, type(e).__name__)
                reply = Error(msg.id, describe(e))
            send(sock, reply)
            log.debug("predict %d: %d rows in %.1f ms", msg.id, msg.table.rows, (time.perf_counter() - start) * 1e3)
        else:
            log.error("unexpected %s message, ignored", type(msg).__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.runtime.worker", description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--fd", type=int, default=3, help="the connected socket (default 3)")
    parser.add_argument("--log-level", default=os.environ.get("CAIRN_WORKER_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    # The default action ends the process at once, even inside a long native predict call, which a
    # Python handler could not: the supervisor's SIGTERM must stop the worker promptly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    sock = socket.socket(fileno=args.fd)
    log.info("loading model from %s", args.model_dir)
    start = time.perf_counter()
    try:
        loaded = models.load(args.model_dir)
    except BaseException as e:  # noqa: BLE001 -- SystemExit from a model's import must be reported too
        error = describe_load_failure(e)
        log.error("model failed to load: %s", _one_line(error))
        send(sock, Failed(error, traceback.format_exc()))
        return 1
    info = {
        "pid": os.getpid(),
        "python": platform.python_version(),
        "mlflow": _mlflow_version(),
        "flavor": loaded.flavor,
        "batchable": loaded.batchable,
    }
    log.info("model loaded in %.2f s: flavor %s, batchable %s", time.perf_counter() - start, loaded.flavor, loaded.batchable)
    send(sock, Ready(info))
    try:
        serve(sock, loaded.model)
    except (BrokenPipeError, ConnectionResetError):
        log.info("connection to the gateway lost, exiting")
    except ProtocolError as e:
        # Both ends share one layout; a frame that breaks it is a bug, and the stream cannot be
        # resynchronized: stop and let the supervisor restart us.
        log.error("protocol error, exiting: %s", e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
