"""Fixtures for the end-to-end API suite: the real `cairn` binary on SQLite and PostgreSQL, a
real SMTP sink, and helpers that sign users up and build organizations, projects and keys.

Environment:
  CAIRN_BIN               the server binary (default: <repo>/build/cairn)
  CAIRN_TEST_PG_URL       a PostgreSQL server to create one database per session on
                          (scripts/test-services.sh start; eval "$(scripts/test-services.sh env)")
  CAIRN_TEST_REQUIRE_PG   "1": a missing CAIRN_TEST_PG_URL fails the postgres tests instead of
                          skipping them (CI sets it)
  CAIRN_TEST_REDIS_URL    Redis for the redis-backed rate-limit tests (skipped when unset)

Every test gets its own client address in 127.0.0.0/8 (the kernel routes the whole block to
loopback), so per-address limits such as login throttling never leak from one test to another.
Every response any helper client sees is checked against the cross-cutting rules of the
contract (X-Request-Id, the error shape, no 5xx); a violation fails the test at teardown.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from helpers import (
    Db,
    cairn_bin,
    require_cairn_bin,
    SmtpSink,
    describe,
    error_shape_problem,
    expect_json,
    org_path,
    free_port,
    psql_binary,
    uid,
    unique_email,
    unique_slug,
)

SECRET_KEY = "e2e-secret-key-" + "x" * 32
# The shared servers' limits: small enough to exercise, large enough not to trip other tests.
DEFAULT_LOGIN_MAX_FAILURES = 5
DEFAULT_API_KEY_RATE_LIMIT = 100000


def pytest_report_header(config):
    path = cairn_bin()
    state = "found" if path.is_file() else "MISSING"
    pg = os.environ.get("CAIRN_TEST_PG_URL") or "unset (postgres tests skip unless CAIRN_TEST_REQUIRE_PG=1)"
    redis = os.environ.get("CAIRN_TEST_REDIS_URL") or "unset (redis variants skip)"
    return [f"cairn binary: {path} ({state})", f"postgres: {pg}", f"redis: {redis}"]


# ----------------------------------------------------------------------------- server processes


class ServerProcess:
    """One `cairn serve` process with its own port, data dir and log file."""

    def __init__(self, name: str, backend: str, database_url: str, workdir: Path, args: list[str],
                 sends_email: bool = True):
        self.name = name
        self.sends_email = sends_email
        self.backend = backend
        self.database_url = database_url
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.extra_args = args
        self.proc: subprocess.Popen | None = None
        self.stopping = False
        self.artifacts = self.artifact_args()

    def command(self, binary: Path, smtp: SmtpSink) -> list[str]:
        data_dir = self.workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        return [
            str(binary), "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data-dir", str(data_dir),
            "--database-url", self.database_url,
            "--secret-key", SECRET_KEY,
            *(["--smtp-url", smtp.url, "--smtp-from", "cairn@test.local"] if self.sends_email else []),
            "--public-url", self.url,
            *self.artifacts,
            *self.extra_args,
        ]

    def artifact_args(self) -> list[str]:
        """CAIRN_TEST_ARTIFACT_STORE=s3 puts this server's artifacts in the test S3 server, under a
        prefix of its own; otherwise they stay in its data directory."""
        if os.environ.get("CAIRN_TEST_ARTIFACT_STORE", "local") != "s3":
            return ["--artifact-root", str(self.workdir / "data" / "artifacts")]
        bucket = os.environ.get("CAIRN_TEST_S3_BUCKET")
        endpoint = os.environ.get("CAIRN_TEST_S3_ENDPOINT")
        if not bucket or not endpoint:
            pytest.fail("CAIRN_TEST_ARTIFACT_STORE=s3 needs the S3 test server: "
                        'scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"', pytrace=False)
        return ["--artifact-root", f"s3://{bucket}/e2e-{self.name}-{uid(8)}", "--s3-endpoint-url", endpoint]

    def start(self, binary: Path, smtp: SmtpSink, timeout: float = 30.0) -> None:
        cmd = self.command(binary, smtp)
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                pytest.fail(
                    f"cairn server {self.name!r} exited with code {code} before it was ready\n"
                    f"command: {' '.join(cmd)}\n--- last lines of {self.log_path} ---\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                resp = httpx.get(self.url + "/healthz", timeout=1.0)
                if resp.status_code == 200:
                    return
                last_error = f"GET /healthz -> {resp.status_code} {resp.text[:200]}"
            except httpx.HTTPError as exc:
                last_error = repr(exc)
            time.sleep(0.05)
        self.stop()
        pytest.fail(
            f"cairn server {self.name!r} not ready within {timeout}s ({last_error})\n"
            f"command: {' '.join(cmd)}\n--- last lines of {self.log_path} ---\n{self.log_tail()}",
            pytrace=False,
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        self.stopping = True
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.proc.returncode

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, offset: int, max_lines: int = 120) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                text = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return "<no log>"
        lines = text.splitlines()
        if len(lines) > max_lines:
            lines = [f"... {len(lines) - max_lines} earlier lines ..."] + lines[-max_lines:]
        return "\n".join(lines)

    def log_tail(self, n: int = 60) -> str:
        return self.log_since(max(0, self.log_size() - 200_000), max_lines=n)


class ServerFactory:
    """Starts servers on fresh databases and stops them (and drops their databases) at the end."""

    def __init__(self, root: Path, smtp: SmtpSink):
        self.root = root
        self.smtp = smtp
        self.servers: list[ServerProcess] = []
        self.pg_databases: list[str] = []

    def new_database(self, backend: str, name: str) -> str:
        if backend == "sqlite":
            path = self.root / f"{name}-{uid(6)}.db"
            return f"sqlite://{path}"
        base = os.environ.get("CAIRN_TEST_PG_URL")
        assert base, "postgres requested without CAIRN_TEST_PG_URL"
        db = f"cairn_e2e_{name.replace('-', '_')}_{uid(8)}"
        proc = subprocess.run(
            [psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", base, "-c", f'CREATE DATABASE "{db}"'],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if proc.returncode != 0:
            pytest.fail(
                f"could not create database {db} via {base}: {proc.stderr.strip()}\n"
                "start the test services: scripts/test-services.sh start && "
                'eval "$(scripts/test-services.sh env)"',
                pytrace=False,
            )
        self.pg_databases.append(db)
        parts = urllib.parse.urlsplit(base)
        return urllib.parse.urlunsplit(parts._replace(path="/" + db))

    def start(
        self,
        backend: str,
        *,
        name: str,
        database_url: str | None = None,
        api_key_rate_limit: int = DEFAULT_API_KEY_RATE_LIMIT,
        login_max_failures: int = DEFAULT_LOGIN_MAX_FAILURES,
        extra_args: tuple[str, ...] = (),
        artifacts_of: ServerProcess | None = None,
        sends_email: bool = True,
    ) -> ServerProcess:
        """`artifacts_of`: a replica of that server, sharing its artifact store (pass its database_url too).
        `sends_email=False`: no SMTP server configured (emails are only logged)."""
        binary = require_cairn_bin()
        database_url = database_url or self.new_database(backend, name)
        workdir = self.root / f"{name}-{uid(6)}"
        workdir.mkdir(parents=True)
        args = [
            "--api-key-rate-limit", str(api_key_rate_limit),
            "--login-max-failures", str(login_max_failures),
            *extra_args,
        ]
        server = ServerProcess(name, backend, database_url, workdir, args, sends_email)
        if artifacts_of is not None:
            server.artifacts = artifacts_of.artifacts
        self.servers.append(server)
        server.start(binary, self.smtp)
        return server

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        base = os.environ.get("CAIRN_TEST_PG_URL")
        for db in self.pg_databases:
            subprocess.run(
                [psql_binary(), "-X", "-q", "-d", base, "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'],
                capture_output=True,
                timeout=30,
            )


# ----------------------------------------------------------------------------- per-test tracking

_ip_counter = itertools.count(1)


def next_client_ip() -> str:
    """A loopback address of its own: 127.77.x.y, never 127.0.0.1."""
    n = next(_ip_counter)
    return f"127.77.{(n // 250) % 250}.{n % 250 + 1}"


class RequestTracker:
    """Closes a test's clients and collects responses that break the contract's global rules."""

    def __init__(self) -> None:
        self.clients: list[httpx.Client] = []
        self.violations: list[str] = []

    def on_response(self, resp: httpx.Response) -> None:
        resp.read()
        path = resp.request.url.path
        problems = []
        if not resp.headers.get("x-request-id"):
            problems.append("response has no X-Request-Id")
        # 501 NOT_IMPLEMENTED is MLflow's answer for a feature the store lacks (the client falls back).
        declined = resp.status_code == 501 and b'"NOT_IMPLEMENTED"' in resp.content
        # Designed answers, not server errors: 503 + Retry-After is load shedding (a full queue, a
        # deployment not running), a model's own exception is a 500 with code model_error.
        shed = resp.status_code == 503 and bool(resp.headers.get("retry-after"))
        model_raised = resp.status_code == 500 and b'"model_error"' in resp.content
        if resp.status_code >= 500 and not (resp.status_code == 503 and path == "/readyz") and not declined \
                and not shed and not model_raised:
            problems.append(f"server error {resp.status_code}")
        if resp.status_code >= 400 and path.startswith("/api/v1"):
            problem = error_shape_problem(resp)
            if problem:
                problems.append(problem)
        if resp.status_code == 429 and not resp.headers.get("retry-after"):
            problems.append("429 without Retry-After")
        if problems:
            self.violations.append(f"{'; '.join(problems)}:\n{describe(resp)}")

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()


# ----------------------------------------------------------------------------- the test API


@dataclass
class User:
    id: str
    email: str
    name: str
    password: str
    access_token: str
    refresh_token: str
    client: httpx.Client  # authorized with the access token
    ip: str
    signup_body: dict


@dataclass
class Team:
    """An organization with an admin and one member per requested role."""

    org: dict
    admin: User
    members: dict  # role -> User

    def __getitem__(self, role: str) -> User:
        return self.members[role]


class Cairn:
    """Helpers bound to one server: clients, users, organizations, projects, keys, invitations."""

    def __init__(self, server: ServerProcess, smtp: SmtpSink, tracker: RequestTracker, node, ip: str | None = None):
        self.server = server
        self.smtp = smtp
        self.tracker = tracker
        self.ip = ip or next_client_ip()
        logs = getattr(node, "_cairn_logs", None)
        if logs is None:
            logs = node._cairn_logs = []
        logs.append((server, server.log_size()))

    @property
    def url(self) -> str:
        return self.server.url

    def db(self) -> Db:
        return Db(self.server.database_url)

    def new_ip(self) -> str:
        return next_client_ip()

    def client(self, token: str | None = None, *, ip: str | None = None, headers: dict | None = None) -> httpx.Client:
        hdrs = {"User-Agent": "cairn-e2e"}
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        client = httpx.Client(
            base_url=self.server.url,
            headers=hdrs,
            transport=httpx.HTTPTransport(local_address=ip or self.ip),
            timeout=30.0,
            event_hooks={"response": [self.tracker.on_response]},
        )
        self.tracker.clients.append(client)
        return client

    def key_client(self, key_or_secret, *, ip: str | None = None) -> httpx.Client:
        secret = key_or_secret["secret"] if isinstance(key_or_secret, dict) else key_or_secret
        return self.client(secret, ip=ip)

    # --- users

    def user_from_token_pair(self, body: dict, password: str, ip: str | None) -> User:
        for key in ("access_token", "refresh_token", "user"):
            assert key in body, f"token pair without {key}: {body}"
        user = body["user"]
        return User(
            id=user["id"],
            email=user["email"],
            name=user["name"],
            password=password,
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            client=self.client(body["access_token"], ip=ip),
            ip=ip or self.ip,
            signup_body=body,
        )

    def signup_request(self, *, email=None, password=None, name=None, invitation_token=None, ip=None) -> tuple[httpx.Response, dict]:
        body = {
            "email": email or unique_email(),
            "password": password or "pw-" + uid(16),
            "name": name or f"User {uid(6)}",
        }
        if invitation_token is not None:
            body["invitation_token"] = invitation_token
        return self.client(ip=ip).post("/api/v1/auth/signup", json=body), body

    def signup(self, *, email=None, password=None, name=None, invitation_token=None, ip=None) -> User:
        resp, body = self.signup_request(
            email=email, password=password, name=name, invitation_token=invitation_token, ip=ip
        )
        data = expect_json(resp, 201)
        return self.user_from_token_pair(data, body["password"], ip)

    def login(self, email: str, password: str, *, ip: str | None = None, headers: dict | None = None) -> httpx.Response:
        return self.client(ip=ip, headers=headers).post("/api/v1/auth/login", json={"email": email, "password": password})

    def login_user(self, email: str, password: str, *, ip: str | None = None, headers: dict | None = None) -> User:
        body = expect_json(self.login(email, password, ip=ip, headers=headers), 200)
        return self.user_from_token_pair(body, password, ip)

    # --- organizations, projects, keys

    def make_org(self, user: User, *, name: str | None = None, slug: str | None = None) -> dict:
        body = {"name": name or f"Org {uid(8)}", "slug": slug or unique_slug("org")}
        return expect_json(user.client.post("/api/v1/orgs", json=body), 201)

    def make_project(self, user: User, org, *, name: str | None = None, slug: str | None = None, **fields) -> dict:
        body = {"name": name or f"Project {uid(8)}", "slug": slug or unique_slug("proj"), **fields}
        return expect_json(user.client.post(f"{org_path(org)}/projects", json=body), 201)

    def make_key(self, user: User, org, *, scopes=("read",), name: str | None = None, **fields) -> dict:
        body = {"name": name or f"key-{uid(6)}", "scopes": list(scopes), **fields}
        return expect_json(user.client.post(f"{org_path(org)}/api-keys", json=body), 201)

    # --- membership

    def invite(self, admin: User, org, email: str, role: str = "developer") -> tuple[dict, str]:
        """Invites `email`; returns the Invitation and the token from the mail it triggered."""
        before = self.smtp.count(email)
        invitation = expect_json(
            admin.client.post(f"{org_path(org)}/invitations", json={"email": email, "role": role}), 201
        )
        return invitation, self.smtp.wait_for_token(email, after=before)

    def add_member(self, admin: User, org, user: User, role: str) -> dict:
        _, token = self.invite(admin, org, user.email, role)
        joined = expect_json(user.client.post("/api/v1/invitations/accept", json={"token": token}), 200)
        assert joined["role"] == role, joined
        return joined

    def team(self, *roles: str) -> Team:
        """A fresh org: an admin owner plus one new user per role in `roles`."""
        admin = self.signup()
        org = self.make_org(admin)
        members = {}
        for role in roles:
            user = self.signup()
            self.add_member(admin, org, user, role)
            members[role] = user
        return Team(org=org, admin=admin, members=members)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def smtp():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory, smtp):
    factory = ServerFactory(tmp_path_factory.mktemp("cairn"), smtp)
    yield factory
    factory.close()


def _postgres_available() -> bool:
    if os.environ.get("CAIRN_TEST_PG_URL"):
        return True
    if os.environ.get("CAIRN_TEST_REQUIRE_PG") == "1":
        pytest.fail(
            "CAIRN_TEST_REQUIRE_PG=1 but CAIRN_TEST_PG_URL is unset: "
            'scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"',
            pytrace=False,
        )
    return False


# CAIRN_TEST_BACKENDS narrows the run (make test runs SQLite on the sanitizer build and PostgreSQL
# on the release build); by default every server-backed test runs on both.
BACKENDS = [b for b in os.environ.get("CAIRN_TEST_BACKENDS", "sqlite,postgres").split(",") if b]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """The metadata store under test; every server-backed test runs once per backend."""
    if request.param == "postgres" and not _postgres_available():
        pytest.skip("CAIRN_TEST_PG_URL is unset (scripts/test-services.sh start; eval its env)")
    return request.param


@pytest.fixture(scope="session")
def server(server_factory, backend) -> ServerProcess:
    """The shared server for this backend, started once per session."""
    return server_factory.start(backend, name=f"main-{backend}")


@pytest.fixture(scope="module")
def module_cairn(request, server, smtp):
    """Helpers bound to the shared server for a module-scoped setup that several tests share.
    (Test modules cannot import conftest by name: tests/mlflow has one of its own.)"""
    tracker = RequestTracker()
    yield Cairn(server, smtp, tracker, request.node)
    tracker.close()


@pytest.fixture
def tracker():
    t = RequestTracker()
    yield t
    t.close()
    if t.violations:
        shown = "\n\n".join(t.violations[:10])
        more = f"\n... and {len(t.violations) - 10} more" if len(t.violations) > 10 else ""
        pytest.fail(f"responses broke the contract's global rules:\n{shown}{more}", pytrace=False)


@pytest.fixture
def cairn(request, server, smtp, tracker) -> Cairn:
    return Cairn(server, smtp, tracker, request.node)


@pytest.fixture
def cairn_on(request, smtp, tracker):
    """Helpers for another server (a variant started by a test module), same client address."""
    ip = next_client_ip()

    def bind(other: ServerProcess) -> Cairn:
        return Cairn(other, smtp, tracker, request.node, ip=ip)

    return bind


@pytest.fixture
def api(cairn) -> httpx.Client:
    """An anonymous client bound to the shared server."""
    return cairn.client()


@pytest.fixture
def signup(cairn):
    return cairn.signup


@pytest.fixture
def make_org(cairn):
    return cairn.make_org


@pytest.fixture
def make_project(cairn):
    return cairn.make_project


@pytest.fixture
def make_key(cairn):
    return cairn.make_key


@pytest.fixture
def db(server) -> Db:
    return Db(server.database_url)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, show what the server logged during the test (and whether it died)."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("call", "teardown", "setup"):
        seen = set()
        for server, offset in getattr(item, "_cairn_logs", []):
            if id(server) in seen:
                continue
            seen.add(id(server))
            text = server.log_since(offset)
            if not server.alive() and server.proc is not None and not server.stopping:
                text += f"\n*** server exited with code {server.proc.returncode} ***"
            report.sections.append((f"cairn server log: {server.name}", text))


@pytest.fixture(scope="module")
def module_cairn(request, server, smtp):
    """Helpers for state that a whole module shares (built once per module and backend).
    Requests made through its clients are checked at module teardown."""
    tracker = RequestTracker()
    helper = Cairn(server, smtp, tracker, request.node)
    yield helper
    tracker.close()
    if tracker.violations:
        shown = "\n\n".join(tracker.violations[:10])
        pytest.fail(f"responses broke the contract's global rules:\n{shown}", pytrace=False)
