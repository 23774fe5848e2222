"""Fixtures for the MLflow-compatibility suite: the stock `mlflow` client (mlflow-skinny) logging
to Cairn exactly as a user would set it up, through environment variables.

Against Cairn (the default), each module gets the parent conftest's server for its backend
(sqlite, postgres), a fresh user, organization, project and an API key with scopes
["read", "write"] restricted to that project, and each test the environment

    MLFLOW_TRACKING_URI=http://127.0.0.1:<port>
    MLFLOW_TRACKING_TOKEN=<the key's secret>

Cairn-only tests (marked `cairn_only`) also connect with HTTP basic auth
(MLFLOW_TRACKING_USERNAME=<anything>, MLFLOW_TRACKING_PASSWORD=<key>) and with an unrestricted key
and the project in the URI (http://127.0.0.1:<port>/p/<org-slug>/<project-slug>).

Against a real MLflow server:

    CAIRN_MLFLOW_REFERENCE_URL=http://127.0.0.1:5055 .venv/bin/pytest tests/mlflow

points every test at that server with no credentials and skips the Cairn-only tests. Every other
test must pass there: that is what makes it a statement about MLflow and not a guess.

This folder must stay without __init__.py: it is named `mlflow`, and a package of that name would
shadow the real one.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass

# MLflow 3 starts a usage-telemetry sender when it is imported; tests reach only this machine.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import httpx  # noqa: E402 (after the telemetry switch)
import mlflow  # noqa: E402
import pytest  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.tracking import fluent  # noqa: E402

from mlflow_support import AUTH_ENV, REFERENCE_URL, Connection, unique_name

# The client's own behaviour, pinned so that a failure is quick and says what the server did.
CLIENT_ENV = {
    # The client retries 429/5xx with exponential backoff for minutes; a test wants the answer.
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "60",
    # MLflow 3 sends usage telemetry to a public endpoint; tests reach only this machine.
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "true",
}
# Ambient state that would change where the fluent API logs.
CLEARED_ENV = ("MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID", "MLFLOW_REGISTRY_URI")


def pytest_report_header(config):
    if REFERENCE_URL:
        return [f"mlflow {mlflow.__version__} against the REFERENCE MLflow server {REFERENCE_URL} (Cairn-only tests skip)"]
    return [f"mlflow {mlflow.__version__} against cairn (set CAIRN_MLFLOW_REFERENCE_URL to validate against real MLflow)"]


def pytest_configure(config):
    # Noise that hides the server's answer in a failure report.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"mlflow\..*")
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"mlflow\..*")
    logging.getLogger("mlflow").setLevel(logging.ERROR)


# ----------------------------------------------------------------------------- the mlflow client


class MlflowEnv:
    """The mlflow client pointed at the server under test through environment variables, as a
    user would do it; `use` switches identity mid-test (another key, another org)."""

    def __init__(self, monkeypatch, connection: Connection, rest_factory, tenant=None):
        self._monkeypatch = monkeypatch
        self._rest_factory = rest_factory
        self.tenant = tenant  # the Cairn user/org/project/key behind `connection`; None on the reference
        self.connection = connection
        for name, value in CLIENT_ENV.items():
            monkeypatch.setenv(name, value)
        for name in CLEARED_ENV:
            monkeypatch.delenv(name, raising=False)
        self.use(connection)

    def use(self, connection: Connection) -> MlflowClient:
        """Exports `connection` (and unsets the other auth variables); returns a client for it."""
        for name, value in connection.env().items():
            if value is None:
                self._monkeypatch.delenv(name, raising=False)
            else:
                self._monkeypatch.setenv(name, value)
        mlflow.set_tracking_uri(connection.uri)
        self.connection = connection
        return MlflowClient(tracking_uri=connection.uri)

    @property
    def client(self) -> MlflowClient:
        return MlflowClient(tracking_uri=self.connection.uri)

    def rest(self, connection: Connection | None = None) -> httpx.Client:
        """A raw HTTP client rooted at the tracking URI, sending the connection's credentials:
        for what the mlflow client hides (status codes, limits it enforces itself)."""
        connection = connection or self.connection
        return self._rest_factory(connection)


def reset_fluent_state() -> None:
    """Ends runs a test left open and forgets the fluent API's active experiment, so nothing
    carries over to the next test. MLflow has no public reset for the latter."""
    while mlflow.active_run() is not None:
        try:
            mlflow.end_run()
        except Exception:  # the server is gone or refused: drop the stack, nothing to report here
            fluent._active_run_stack.get().clear()
    fluent._active_experiment_id = None
    fluent._last_active_run_id.set(None)
    fluent._reset_last_logged_model_id()
    mlflow.set_tracking_uri(None)


# ----------------------------------------------------------------------------- Cairn tenants


@dataclass
class Tenant:
    """A Cairn user with an organization, a project and a project-restricted read+write key."""

    cairn: object  # the parent conftest's Cairn helper
    user: object
    org: dict
    project: dict
    key: dict

    @property
    def connection(self) -> Connection:
        return Connection(uri=self.cairn.url, token=self.key["secret"])

    def project_uri(self, project: dict | None = None) -> str:
        project = project or self.project
        return f"{self.cairn.url}/p/{self.org['slug']}/{project['slug']}"

    def new_project(self) -> dict:
        return self.cairn.make_project(self.user, self.org)

    def new_key(self, *, scopes=("read", "write"), project: dict | None = None, unrestricted: bool = False) -> dict:
        fields = {} if unrestricted else {"project_id": (project or self.project)["id"]}
        return self.cairn.make_key(self.user, self.org, scopes=list(scopes), **fields)


def make_tenant(cairn) -> Tenant:
    user = cairn.signup()
    org = cairn.make_org(user)
    project = cairn.make_project(user, org)
    key = cairn.make_key(user, org, scopes=["read", "write"], project_id=project["id"])
    return Tenant(cairn=cairn, user=user, org=org, project=project, key=key)


def cairn_rest_factory(cairn):
    """Raw clients whose responses the parent conftest checks against Cairn's global rules
    (X-Request-Id on every response, never a 5xx)."""

    def make(connection: Connection) -> httpx.Client:
        headers = {"User-Agent": "cairn-e2e-mlflow", **connection.headers()}
        client = httpx.Client(
            base_url=connection.uri,
            headers=headers,
            transport=httpx.HTTPTransport(local_address=cairn.ip),
            timeout=60.0,
            event_hooks={"response": [cairn.tracker.on_response]},
        )
        cairn.tracker.clients.append(client)
        return client

    return make


# ----------------------------------------------------------------------------- fixtures
# `mlflow_env` is autouse: no test here may fall back to the client's default local store.

if REFERENCE_URL:

    @pytest.fixture(autouse=True)
    def mlflow_env(monkeypatch):
        clients: list[httpx.Client] = []

        def make(connection: Connection) -> httpx.Client:
            client = httpx.Client(base_url=connection.uri, headers=connection.headers(), timeout=60.0)
            clients.append(client)
            return client

        for name in AUTH_ENV:
            monkeypatch.delenv(name, raising=False)
        env = MlflowEnv(monkeypatch, Connection(uri=REFERENCE_URL), make)
        yield env
        reset_fluent_state()
        for client in clients:
            client.close()

    @pytest.fixture
    def tenant():
        pytest.skip("Cairn-only")

    @pytest.fixture
    def new_tenant():
        pytest.skip("Cairn-only")

else:

    @pytest.fixture(scope="module")
    def module_tenant(module_cairn) -> Tenant:
        # One sign-up per module and backend: tests isolate themselves by unique experiment
        # names (they pass on a shared reference server), and a sign-up costs a password hash.
        return make_tenant(module_cairn)

    @pytest.fixture
    def tenant(module_tenant) -> Tenant:
        """The Cairn identity behind `mlflow_env`'s default connection, shared by the module."""
        return module_tenant

    @pytest.fixture
    def new_tenant(cairn):
        """Another user with an organization of their own (for tenancy tests)."""
        return lambda: make_tenant(cairn)

    @pytest.fixture(autouse=True)
    def mlflow_env(monkeypatch, cairn, tenant):
        env = MlflowEnv(monkeypatch, tenant.connection, cairn_rest_factory(cairn), tenant=tenant)
        yield env
        reset_fluent_state()


@pytest.fixture
def client(mlflow_env) -> MlflowClient:
    """An MlflowClient on the test's connection (credentials come from the environment)."""
    return mlflow_env.client


@pytest.fixture
def experiment_id(client) -> str:
    """A fresh, uniquely named experiment."""
    return client.create_experiment(unique_name())


@pytest.fixture
def fluent_experiment(mlflow_env, experiment_id) -> str:
    """A fresh experiment made the fluent API's active one."""
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id
