"""A real HTTP receiver on loopback for alert notifications: it stands in for a generic webhook
endpoint, Slack's incoming webhooks and PagerDuty's Events API, records every request, and answers
with the statuses it is told to (e.g. 503, 503, then 202) so retries can be tested."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    status: int  # what the receiver answered

    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in order; then 200
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def answer_next(self, *statuses: int) -> None:
        with self.lock:
            self.statuses.extend(statuses)

    def accepted(self, path: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.status < 300 and (path is None or r.path == path)]

    def all(self, path: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if path is None or r.path == path]

    def wait_for(self, predicate, timeout: float = 20.0, what: str = "a notification") -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = [r for r in self.accepted() if predicate(r)]
            if got:
                return got
            time.sleep(0.1)
        raise AssertionError(f"{what} did not arrive; received: {[(r.path, r.status, r.body[:300]) for r in self.all()]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_receiver() -> Receiver:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status))
            payload = b'{"status":"success","message":"Event processed","dedup_key":"x"}' if status < 300 else b"busy"
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
