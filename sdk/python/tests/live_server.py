"""A real `cairn serve` for the client tests: one per test module, on a fresh data directory.

The binary is $CAIRN_BIN, else <repo>/build/cairn. Accounts are made as a person would: sign up,
create an organization and a project, create API keys (tests/conftest.py does the same for the
API suite).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
SECRET_KEY = "sdk-tests-secret-key-" + "x" * 32


def cairn_bin() -> Path:
    path = Path(os.environ.get("CAIRN_BIN") or REPO / "build" / "cairn")
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"cairn server binary not found at {path}: `make build`, or point CAIRN_BIN at it", pytrace=False)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def uid(n: int = 8) -> str:
    return secrets.token_hex(n // 2 + 1)[:n]


@dataclass
class Account:
    """A signed-up user who owns an organization with one project, and an admin-scoped API key."""

    email: str
    token: str  # the user's access token
    org: str  # slug
    project: str  # slug
    project_id: str
    api_key: str
    http: httpx.Client = field(repr=False)  # authorized with the access token


class LiveServer:
    def __init__(self, workdir: Path, *, api_key_rate_limit: int, extra_args: tuple[str, ...] = ()) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.rate_limit = api_key_rate_limit
        self.extra_args = tuple(extra_args)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        data = self.workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        cmd = [
            str(cairn_bin()),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(data),
            "--secret-key",
            SECRET_KEY,
            "--public-url",
            self.url,
            "--api-key-rate-limit",
            str(self.rate_limit),
            "--log-level",
            "warn",
            *self.extra_args,
        ]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"cairn serve exited with {self.proc.returncode}:\n{self.log_tail()}", pytrace=False)
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"cairn serve not ready within {timeout}s:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except FileNotFoundError:
            return "<no log>"

    def account(self, *, scopes: tuple[str, ...] = ("read", "write", "deploy", "predict", "admin")) -> Account:
        """A new user with an organization, a project and an API key of `scopes`."""
        email = f"sdk-{uid()}@example.com"
        signup = httpx.post(
            self.url + "/api/v1/auth/signup",
            json={"email": email, "password": "pw-" + uid(16), "name": "SDK Tester"},
            timeout=30,
        )
        assert signup.status_code == 201, signup.text
        token = signup.json()["access_token"]
        http = httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        org = http.post("/api/v1/orgs", json={"name": f"Org {uid()}", "slug": f"org-{uid()}"})
        assert org.status_code == 201, org.text
        slug = org.json()["slug"]
        project = http.post(f"/api/v1/orgs/{slug}/projects", json={"name": "Main", "slug": "main"})
        assert project.status_code == 201, project.text
        key = http.post(f"/api/v1/orgs/{slug}/api-keys", json={"name": "sdk-tests", "scopes": list(scopes)})
        assert key.status_code == 201, key.text
        return Account(
            email=email,
            token=token,
            org=slug,
            project="main",
            project_id=project.json()["id"],
            api_key=key.json()["secret"],
            http=http,
        )

    def new_key(self, account: Account, *, scopes: tuple[str, ...] = ("read", "write")) -> str:
        key = account.http.post(
            f"/api/v1/orgs/{account.org}/api-keys", json={"name": f"k-{uid()}", "scopes": list(scopes)}
        )
        assert key.status_code == 201, key.text
        return str(key.json()["secret"])


def start_live_server(
    tmp_path_factory: pytest.TempPathFactory, *, api_key_rate_limit: int = 100_000, extra_args: tuple[str, ...] = ()
) -> LiveServer:
    server = LiveServer(
        tmp_path_factory.mktemp("cairn-server"), api_key_rate_limit=api_key_rate_limit, extra_args=extra_args
    )
    server.start()
    return server
