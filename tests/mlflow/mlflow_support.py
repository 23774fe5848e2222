"""Pieces shared by the MLflow-compatibility tests: the reference-server switch, how a user
connects mlflow (a `Connection`), and assertions on MlflowException error codes.

Fixtures live in conftest.py beside this file; test modules import from here.
"""

from __future__ import annotations

import base64
import contextlib
import os
import uuid
from dataclasses import dataclass

import pytest
from mlflow.exceptions import MlflowException

# CAIRN_MLFLOW_REFERENCE_URL=http://127.0.0.1:5055 runs the suite against a real `mlflow server`
# instead of Cairn: that is how we know each test encodes MLflow's behavior and not a guess.
REFERENCE_URL = (os.environ.get("CAIRN_MLFLOW_REFERENCE_URL") or "").rstrip("/") or None

cairn_only = pytest.mark.skipif(
    REFERENCE_URL is not None,
    reason="Cairn-only (API keys, projects, tenancy): the reference MLflow server has no such thing",
)

# The MLflow client reads these on every request; a test's connection sets all of them.
AUTH_ENV = ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")


@dataclass(frozen=True)
class Connection:
    """What a user exports in their shell to point the stock mlflow client at a server."""

    uri: str
    token: str | None = None
    username: str | None = None
    password: str | None = None

    def env(self) -> dict[str, str | None]:
        return {
            "MLFLOW_TRACKING_URI": self.uri,
            "MLFLOW_TRACKING_TOKEN": self.token,
            "MLFLOW_TRACKING_USERNAME": self.username,
            "MLFLOW_TRACKING_PASSWORD": self.password,
        }

    def headers(self) -> dict[str, str]:
        """The Authorization header the mlflow client sends for this connection."""
        if self.username is not None or self.password is not None:
            raw = f"{self.username or ''}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.standard_b64encode(raw).decode()}
        if self.token is not None:
            return {"Authorization": f"Bearer {self.token}"}
        return {}

    def describe(self) -> str:
        if self.username is not None or self.password is not None:
            how = "basic auth"
        elif self.token is not None:
            how = "bearer token"
        else:
            how = "no credentials"
        return f"{self.uri} ({how})"


def unique_name(prefix: str = "exp") -> str:
    """Experiment and run names never collide, even on a shared reference server."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unknown_run_id() -> str:
    """A well-formed run id (32 hex, as MLflow makes them) that no server has issued."""
    return uuid.uuid4().hex


# MLflow's experiment ids are integers; a server must answer an id it never issued with
# RESOURCE_DOES_NOT_EXIST (MLflow's SQL store answers a non-integer id INVALID_PARAMETER_VALUE,
# so the tests only use a numeric one).
UNKNOWN_EXPERIMENT_ID = "987654321987"


class Raised:
    """What `raises_mlflow` caught, for further checks after the block."""

    exception: MlflowException | None = None


@contextlib.contextmanager
def raises_mlflow(error_code: str, *, status: int | None = None, match: str | None = None, what: str = "the call"):
    """Expects an MlflowException carrying MLflow's `error_code` (and the HTTP status it maps to)."""
    raised = Raised()
    try:
        yield raised
    except MlflowException as exc:
        raised.exception = exc
    else:
        pytest.fail(f"{what}: expected MlflowException {error_code}, but nothing was raised", pytrace=False)
    exc = raised.exception
    assert exc.error_code == error_code, (
        f"{what}: expected MlflowException {error_code}, got {exc.error_code} "
        f"(HTTP {exc.get_http_status_code()}): {exc}"
    )
    if status is not None:
        assert exc.get_http_status_code() == status, f"{what}: expected HTTP {status}: {exc}"
    if match is not None:
        assert match in str(exc), f"{what}: expected {match!r} in the message: {exc}"


def mlflow_error_body(resp) -> dict:
    """The JSON error body of an MLflow REST error: {"error_code": "...", "message": "..."}."""
    try:
        body = resp.json()
    except ValueError:
        raise AssertionError(
            f"{resp.request.method} {resp.request.url} -> {resp.status_code}: the error body is not JSON: "
            f"{resp.text[:500]!r}"
        ) from None
    assert isinstance(body, dict) and isinstance(body.get("error_code"), str), (
        f"{resp.request.method} {resp.request.url} -> {resp.status_code}: not MLflow's error shape "
        f'{{"error_code": ..., "message": ...}}: {resp.text[:500]}'
    )
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


def artifact_http_url(artifact_uri: str, tracking_uri: str) -> str:
    """The HTTP URL the client reads and writes a run's (or model's) artifacts under: an
    `mlflow-artifacts:` URI resolves against the tracking URI, path prefix included."""
    if artifact_uri.startswith("mlflow-artifacts:"):
        from mlflow.store.artifact.mlflow_artifacts_repo import MlflowArtifactsRepository

        return MlflowArtifactsRepository.resolve_uri(artifact_uri, tracking_uri)
    assert artifact_uri.startswith(("http://", "https://")), (
        f"artifact URI {artifact_uri!r}: the stock client can reach only mlflow-artifacts: or http(s) URIs "
        "through the server"
    )
    return artifact_uri.rstrip("/")
