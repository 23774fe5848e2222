"""Pieces shared by the end-to-end suite: unique names, error assertions, the SMTP sink,
direct database reads, and a raw-socket request for bodies too large for a polite client.

Test modules import from here (`from helpers import expect_error, ...`); fixtures live in
conftest.py.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import select
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

# The contract's error codes, by HTTP status.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal",
    503: "unavailable",
}

HEX32 = re.compile(r"^[0-9a-f]{32}$")
ROLES = ("admin", "developer", "viewer")
SCOPES = ("read", "write", "deploy", "predict", "admin")
# The widest scopes each org role may put on a key it creates.
ROLE_SCOPES = {
    "viewer": ("read", "predict"),
    "developer": ("read", "write", "deploy", "predict"),
    "admin": ("read", "write", "deploy", "predict", "admin"),
}


REPO = Path(__file__).resolve().parent.parent


def cairn_bin() -> Path:
    """The server binary under test: $CAIRN_BIN, else <repo>/build/cairn."""
    return Path(os.environ.get("CAIRN_BIN") or REPO / "build" / "cairn")


def require_cairn_bin() -> Path:
    path = cairn_bin()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"cairn server binary not found at {path}: build it first "
            "(cmake -S . -B build && cmake --build build -j) or point CAIRN_BIN at it",
            pytrace=False,
        )
    return path


# ----------------------------------------------------------------------------- names and time


def uid(n: int = 12) -> str:
    return uuid.uuid4().hex[:n]


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uid()}@example.com"


def unique_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uid()}"


def now_ms() -> int:
    return int(time.time() * 1000)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, timeout: float = 10.0, interval: float = 0.05, what: str = "condition"):
    """Polls `predicate` until it returns a truthy value, which is returned."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def org_path(org) -> str:
    """/api/v1/orgs/<id> for an Organization dict, or for the given id or slug."""
    ref = org["id"] if isinstance(org, dict) else org
    return f"/api/v1/orgs/{ref}"


def project_path(org, project) -> str:
    ref = project["id"] if isinstance(project, dict) else project
    return f"{org_path(org)}/projects/{ref}"


# ----------------------------------------------------------------------------- responses


def describe(resp: httpx.Response) -> str:
    """The request and response in a form that can be pasted into a bug report."""
    req = resp.request
    try:
        sent = req.content
    except httpx.RequestNotRead:
        sent = b"<streamed>"
    sent_text = sent[:600].decode("utf-8", "replace") + ("..." if len(sent) > 600 else "")
    body = resp.text
    if len(body) > 2000:
        body = body[:2000] + "..."
    return (
        f"{req.method} {req.url} -> {resp.status_code}\n"
        f"  request body: {sent_text or '<none>'}\n"
        f"  response x-request-id: {resp.headers.get('x-request-id')}\n"
        f"  response body: {body or '<none>'}"
    )


def expect_status(resp: httpx.Response, status: int) -> httpx.Response:
    assert resp.status_code == status, f"expected {status}, got:\n{describe(resp)}"
    return resp


def expect_json(resp: httpx.Response, status: int = 200) -> Any:
    expect_status(resp, status)
    ctype = resp.headers.get("content-type", "")
    assert ctype.startswith("application/json"), f"content-type {ctype!r}:\n{describe(resp)}"
    return resp.json()


def error_shape_problem(resp: httpx.Response) -> str | None:
    """Why `resp` does not follow the contract's error shape, or None when it does."""
    try:
        body = resp.json()
    except ValueError:
        return "error body is not JSON"
    if not isinstance(body, dict) or set(body) != {"error"} or not isinstance(body["error"], dict):
        return 'error body is not {"error": {...}}'
    err = body["error"]
    extra = set(err) - {"code", "message", "request_id", "field"}
    if extra:
        return f"unexpected keys in error: {sorted(extra)}"
    expected_code = ERROR_CODES.get(resp.status_code)
    if expected_code and err.get("code") != expected_code:
        return f"error.code {err.get('code')!r} does not match status {resp.status_code} ({expected_code})"
    if not isinstance(err.get("message"), str) or not err["message"]:
        return "error.message missing or empty"
    if err.get("request_id") != resp.headers.get("x-request-id"):
        return f"error.request_id {err.get('request_id')!r} != X-Request-Id {resp.headers.get('x-request-id')!r}"
    if "field" in err and (not isinstance(err["field"], str) or not err["field"]):
        return "error.field present but not a non-empty string"
    return None


def expect_error(
    resp: httpx.Response,
    status: int,
    *,
    field: str | None = None,
    message: str | None = None,
    message_contains: str | None = None,
) -> dict:
    """Asserts the status and the error shape; returns the inner error object."""
    expect_status(resp, status)
    problem = error_shape_problem(resp)
    assert problem is None, f"{problem}:\n{describe(resp)}"
    err = resp.json()["error"]
    if field is not None:
        assert err.get("field") == field, f"expected error.field {field!r}:\n{describe(resp)}"
    if message is not None:
        assert err["message"] == message, f"expected message {message!r}:\n{describe(resp)}"
    if message_contains is not None:
        assert message_contains in err["message"], (
            f"expected message containing {message_contains!r}:\n{describe(resp)}"
        )
    if status == 429:
        retry = resp.headers.get("retry-after")
        assert retry is not None and retry.isdigit() and int(retry) >= 1, (
            f"429 without a positive integer Retry-After:\n{describe(resp)}"
        )
    return err


def items(resp: httpx.Response) -> list[dict]:
    body = expect_json(resp, 200)
    assert isinstance(body.get("items"), list), f"no items list:\n{describe(resp)}"
    return body["items"]


def collect_pages(client: httpx.Client, path: str, params: dict | None = None, *, limit: int, max_pages: int = 50):
    """Follows next_cursor from the first page to the end; returns (items, pages)."""
    params = dict(params or {})
    params["limit"] = limit
    collected: list[dict] = []
    pages: list[list[dict]] = []
    for _ in range(max_pages):
        body = expect_json(client.get(path, params=params), 200)
        assert set(body) >= {"items", "next_cursor"}, body
        assert len(body["items"]) <= limit
        pages.append(body["items"])
        collected.extend(body["items"])
        if body["next_cursor"] is None:
            return collected, pages
        assert isinstance(body["next_cursor"], str) and body["next_cursor"]
        assert body["items"], "a page with a next_cursor must not be empty"
        params["cursor"] = body["next_cursor"]
    raise AssertionError(f"more than {max_pages} pages from {path}")


# ----------------------------------------------------------------------------- SMTP sink


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    subject: str
    text: str
    raw: bytes

    @property
    def token(self) -> str:
        """The one-time token: the `Token: <token>` line, which the link must carry too."""
        m = re.search(r"^\s*Token:\s*(\S+)\s*$", self.text, re.MULTILINE)
        assert m, f"no 'Token: <token>' line in mail {self.subject!r}:\n{self.text}"
        token = m.group(1)
        links = re.findall(r"token=([^\s&\"'<>]+)", self.text)
        decoded = {urllib.parse.unquote(link) for link in links}
        assert token in decoded, (
            f"the mail's link does not carry token={token} (links carry {sorted(decoded)}):\n{self.text}"
        )
        return token


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a loopback port that keeps every message it gets."""

    def __init__(self) -> None:
        self.port = free_port()
        self.host = "127.0.0.1"
        self._mails: list[Mail] = []
        self._cond = threading.Condition()
        self._controller = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=self.host, port=self.port, ready_timeout=10)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # aiosmtpd handler hook
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        texts = []
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                try:
                    texts.append(part.get_content())
                except (LookupError, ValueError):
                    texts.append(part.get_payload(decode=True).decode("utf-8", "replace"))
        mail = Mail(
            sender=envelope.mail_from,
            recipients=[r.lower() for r in envelope.rcpt_tos],
            subject=str(msg.get("subject", "")),
            text="\n".join(texts),
            raw=raw,
        )
        with self._cond:
            self._mails.append(mail)
            self._cond.notify_all()
        return "250 Message accepted for delivery"

    def mails_to(self, recipient: str) -> list[Mail]:
        recipient = recipient.lower()
        with self._cond:
            return [m for m in self._mails if recipient in m.recipients]

    def count(self, recipient: str) -> int:
        return len(self.mails_to(recipient))

    def wait_for(self, recipient: str, *, after: int = 0, timeout: float = 15.0) -> Mail:
        """The newest message to `recipient` once more than `after` messages have reached it."""
        recipient = recipient.lower()
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                mails = [m for m in self._mails if recipient in m.recipients]
                if len(mails) > after:
                    return mails[-1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no new mail to {recipient} within {timeout}s ({len(mails)} before, wanted > {after})"
                    )
                self._cond.wait(left)

    def wait_for_token(self, recipient: str, *, after: int = 0, timeout: float = 15.0) -> str:
        return self.wait_for(recipient, after=after, timeout=timeout).token

    def assert_no_new_mail(self, recipient: str, *, after: int, wait: float = 1.0) -> None:
        time.sleep(wait)
        assert self.count(recipient) == after, f"unexpected mail to {recipient}: {self.mails_to(recipient)[after:]}"


# ----------------------------------------------------------------------------- database


def psql_binary() -> str:
    return shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class Db:
    """Direct reads (and the odd write) on a server's database, for what the API cannot show:
    time travel for expiry tests and audit rows that outlive their organization. Uses the
    schema in server/migrations; `?` placeholders on both backends."""

    def __init__(self, url: str) -> None:
        self.url = url

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite:")

    def _inline(self, sql: str, params: tuple) -> str:
        parts = sql.split("?")
        assert len(parts) == len(params) + 1, "placeholder count mismatch"
        out = parts[0]
        for value, rest in zip(params, parts[1:]):
            out += _sql_literal(value) + rest
        return out

    def _psql(self, sql: str) -> str:
        proc = subprocess.run(
            [psql_binary(), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-c", sql],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 0, f"psql failed: {proc.stderr.strip()}\nSQL: {sql}"
        return proc.stdout

    def query(self, sql: str, params: tuple = ()) -> list[dict]:
        if self.is_sqlite:
            path = self.url[len("sqlite://"):]
            conn = sqlite3.connect(path, timeout=15)
            try:
                conn.row_factory = sqlite3.Row
                return [dict(r) for r in conn.execute(sql, params).fetchall()]
            finally:
                conn.close()
        out = self._psql(f"SELECT coalesce(json_agg(t), '[]'::json) FROM ({self._inline(sql, params)}) t")
        return json.loads(out.strip() or "[]")

    def execute(self, sql: str, params: tuple = ()) -> None:
        if self.is_sqlite:
            path = self.url[len("sqlite://"):]
            conn = sqlite3.connect(path, timeout=15)
            try:
                conn.execute(sql, params)
                conn.commit()
            finally:
                conn.close()
            return
        self._psql(self._inline(sql, params))


# ----------------------------------------------------------------------------- raw HTTP


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    reset_before_response: bool = False
    notes: list[str] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.body)


def _json_body_chunks(size: int):
    """A JSON object of exactly `size` bytes: {"name": "aaaa..."}, in 64 KiB pieces."""
    head, tail = b'{"name": "', b'"}'
    yield head
    remaining = size - len(head) - len(tail)
    while remaining > 0:
        n = min(65536, remaining)
        yield b"a" * n
        remaining -= n
    yield tail


def send_oversized(base_url: str, method: str, path: str, size: int, headers: dict[str, str]) -> RawResponse:
    """Sends a JSON body of `size` bytes over a plain socket and returns the server's answer.

    A server that rejects the body early answers and closes while we are still sending; httpx
    would report the broken pipe instead of the 413, so this stops sending as soon as the server
    has something to say.
    """
    parsed = urllib.parse.urlsplit(base_url)
    host, port = parsed.hostname, parsed.port
    sock = socket.create_connection((host, port), timeout=30)
    notes: list[str] = []
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {size}\r\nConnection: close\r\n"
        for k, v in headers.items():
            head += f"{k}: {v}\r\n"
        sock.sendall((head + "\r\n").encode())
        sent = 0
        received = b""
        for piece in _json_body_chunks(size):
            readable, _, _ = select.select([sock], [], [], 0 if sent else 0.2)
            if readable:
                notes.append(f"server answered after {sent} body bytes")
                break
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError) as exc:
                notes.append(f"send failed after {sent} bytes: {exc!r}")
                break
            sent += len(piece)
        sock.settimeout(30)
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                notes.append("connection reset while reading")
                break
            except socket.timeout:
                notes.append("timed out reading")
                break
            if not data:
                break
            received += data
            if b"\r\n\r\n" in received:
                head_part, _, body = received.partition(b"\r\n\r\n")
                m = re.search(rb"(?im)^content-length:\s*(\d+)", head_part)
                if m and len(body) >= int(m.group(1)):
                    break
    finally:
        sock.close()
    if b"\r\n\r\n" not in received:
        return RawResponse(0, {}, received, reset_before_response=True, notes=notes)
    head_part, _, body = received.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return RawResponse(status, hdrs, body, notes=notes)
