"""Retries with backoff on 429 and 503 honouring Retry-After, timeouts, and the error mapping.

Against a tiny real HTTP server on loopback that answers a scripted sequence, so the waits the
server asks for are exact (the real server's 429s are tested in test_rate_limits.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from cairn import (
    APITimeoutError,
    BadRequestError,
    Cairn,
    ConflictError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
)
from cairn.errors import APIStatusError, error_from_response, parse_retry_after
from cairn.retries import RetryPolicy

ORG = {
    "id": "0" * 32,
    "slug": "acme",
    "name": "Acme",
    "role": "admin",
    "settings": {},
    "created_at": 1,
    "updated_at": 1,
}


def error_body(code: str, message: str, **extra: str) -> dict:
    return {"error": {"code": code, "message": message, "request_id": "rid-1", **extra}}


class Scripted:
    """A loopback server answering each request with the next (status, headers, body, delay) of a script."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict, object, float]] = []
        self.requests: list[tuple[str, str, float, dict]] = []
        self.bodies: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                outer.bodies.append(self.rfile.read(length) if length else b"")
                outer.requests.append((self.command, self.path, time.monotonic(), dict(self.headers)))
                status, headers, body, delay = outer.script.pop(0) if outer.script else (500, {}, {}, 0.0)
                time.sleep(delay)
                data = json.dumps(body).encode()
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", "X-Request-Id": "hdr-rid", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that timed out closed the connection: expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    s = Scripted()
    yield s
    s.close()


def gaps(s: Scripted) -> list[float]:
    times = [t for _, _, t, _ in s.requests]
    return [b - a for a, b in zip(times, times[1:])]


def test_429_waits_retry_after_then_succeeds(scripted):
    scripted.script = [
        (429, {"Retry-After": "1"}, error_body("rate_limited", "slow down"), 0),
        (200, {}, {"items": [ORG]}, 0),
    ]
    with Cairn(url=scripted.url, api_key="k", max_retries=2) as c:
        assert c.orgs.list()[0].slug == "acme"
    assert len(scripted.requests) == 2
    assert gaps(scripted)[0] >= 0.95
    assert scripted.requests[0][3]["Authorization"] == "Bearer k"


def test_503_is_retried_with_backoff_for_a_post_too(scripted):
    scripted.script = [
        (503, {}, error_body("unavailable", "busy"), 0),
        (503, {"Retry-After": "0"}, error_body("unavailable", "busy"), 0),
        (201, {}, ORG, 0),
    ]
    with Cairn(url=scripted.url, api_key="k", max_retries=2) as c:
        assert c.orgs.create(name="Acme").slug == "acme"
    assert [m for m, *_ in scripted.requests] == ["POST"] * 3
    assert gaps(scripted)[0] >= 0.3  # the first backoff: 0.5 s less at most a quarter of jitter


def test_an_upload_retried_after_503_sends_the_files_again_with_the_same_idempotency_key(scripted, tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "MLmodel").write_text("flavors: {}\n")
    (tmp_path / "model" / "weights.bin").write_bytes(b"w" * 5000)
    version = {"model_name": "m", "version": 1}
    scripted.script = [
        (503, {"Retry-After": "0"}, error_body("unavailable", "busy"), 0),
        (201, {}, version, 0),
    ]
    with Cairn(url=scripted.url, api_key="k", org="acme", project="p") as c:
        answer = c.models.versions.upload("m", path=tmp_path / "model", create_model=False)
    assert answer.version == 1
    keys = [headers["Idempotency-Key"] for *_, headers in scripted.requests]
    assert len(keys) == 2 and keys[0] == keys[1] and len(keys[0]) == 32
    first, second = scripted.bodies
    # The same parts (each body has its own multipart boundary).
    assert len(first) == len(second)
    for body in (first, second):
        assert b"w" * 5000 in body and b'filename="MLmodel"' in body and b'filename="weights.bin"' in body


def test_gives_up_after_max_retries_with_retry_after(scripted):
    scripted.script = [(429, {"Retry-After": "0"}, error_body("rate_limited", "slow down"), 0)] * 3
    with Cairn(url=scripted.url, api_key="k", max_retries=2) as c, pytest.raises(RateLimitError) as err:
        c.orgs.list()
    assert len(scripted.requests) == 3
    e = err.value
    assert (e.status_code, e.code, e.message, e.request_id, e.retry_after) == (
        429,
        "rate_limited",
        "slow down",
        "rid-1",
        0,
    )


def test_a_long_retry_after_is_raised_not_slept(scripted):
    scripted.script = [(429, {"Retry-After": "3600"}, error_body("rate_limited", "come back later"), 0)]
    started = time.monotonic()
    with Cairn(url=scripted.url, api_key="k") as c, pytest.raises(RateLimitError) as err:
        c.orgs.list()
    assert err.value.retry_after == 3600 and time.monotonic() - started < 2


def test_other_errors_are_not_retried(scripted):
    scripted.script = [(409, {}, error_body("conflict", "slug taken", field="slug"), 0)]
    with Cairn(url=scripted.url, api_key="k") as c, pytest.raises(ConflictError) as err:
        c.orgs.create(name="Acme", slug="acme")
    assert len(scripted.requests) == 1 and err.value.field == "slug"


def test_timeout_retries_a_get_but_not_a_post(scripted):
    scripted.script = [(200, {}, {"items": [ORG]}, 1.0), (200, {}, {"items": [ORG]}, 0)]
    with Cairn(url=scripted.url, api_key="k", timeout=0.3, max_retries=1) as c:
        assert c.orgs.list()[0].slug == "acme"
    assert len(scripted.requests) == 2

    scripted.requests.clear()
    scripted.script = [(201, {}, ORG, 1.0)]
    with Cairn(url=scripted.url, api_key="k", timeout=0.3, max_retries=2) as c, pytest.raises(APITimeoutError):
        c.orgs.create(name="Acme")
    assert len(scripted.requests) == 1


def response(status: int, body: object, headers: dict | None = None) -> httpx.Response:
    request = httpx.Request("GET", "http://cairn.test/api/v1/x")
    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers={"X-Request-Id": "hdr", **(headers or {})}, request=request)


@pytest.mark.parametrize(
    "status,cls",
    [(400, BadRequestError), (500, InternalServerError), (503, ServiceUnavailableError), (418, APIStatusError)],
)
def test_error_classes_by_status(status, cls):
    err = error_from_response(response(status, error_body("x", "m"), {"Retry-After": "2"}))
    assert type(err) is cls and err.status_code == status and err.request_id == "rid-1"
    if cls is ServiceUnavailableError:
        assert err.retry_after == 2


def test_error_without_the_json_shape_keeps_the_text_and_header_request_id():
    err = error_from_response(response(502, "<html>bad gateway</html>"))
    assert isinstance(err, InternalServerError)
    assert err.code is None and "bad gateway" in err.message and err.request_id == "hdr"


def test_retry_after_parses_seconds_and_http_dates():
    assert parse_retry_after("7") == 7
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past


def test_retry_policy_validates_and_backs_off():
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    policy = RetryPolicy(max_retries=3, initial_delay=1, max_delay=3)
    delays = [policy.delay(n, None) for n in (1, 2, 3)]
    assert 0.75 <= delays[0] <= 1 and 1.5 <= delays[1] <= 2 and 2.25 <= delays[2] <= 3
    assert policy.delay(4, None) is None
