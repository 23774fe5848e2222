"""deploy/docker-compose.yml against the server it runs: no container engine runs here, so the file is
read as compose would read it (its ${VAR} references resolved from deploy/compose.env.example), its
structure checked (depends_on names services, build names a Dockerfile in deploy/, every required
variable is in the example env file), and the server is started with the cairn service's environment,
its hosts pointed at this suite's own PostgreSQL, Redis and S3 server: a misspelt setting or a value
the server refuses fails here. The Dockerfiles themselves are linted by tools/k8s-check (make test)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "deploy" / "compose.env.example"
REFERENCE = re.compile(r"\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}")


def example_env() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def resolve(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} (the error when unset or empty)."""
    def one(m: re.Match[str]) -> str:
        name, kind, arg = m.group(1), m.group(2), m.group(3) or ""
        value = env.get(name, "")
        if kind == "?" and not value:
            raise AssertionError(f"{name} is required by the compose file but empty in {ENV_EXAMPLE.name}: {arg}")
        return value if value or kind != "-" else arg
    return REFERENCE.sub(one, text)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(resolve(COMPOSE.read_text(), example_env()))


def test_every_required_variable_is_in_the_example_env_file():
    env = example_env()
    required = {m.group(1) for m in REFERENCE.finditer(COMPOSE.read_text()) if m.group(2) == "?"}
    assert required, "the compose file should take its secrets from the env file"
    assert required <= set(env), f"missing from {ENV_EXAMPLE.name}: {sorted(required - set(env))}"


def test_services_reference_what_exists(compose):
    services = compose["services"]
    assert {"cairn", "postgres", "redis", "s3"} <= set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on {dependency}, which is not a service"
        for volume in service.get("volumes", []):
            named = volume.split(":", 1)[0]
            assert named.startswith(("/", ".")) or named in compose["volumes"], f"{name}: volume {named} is not declared"
    build = services["cairn"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).is_file()
    # Secrets come from the env file: no literal password or key in the compose file itself.
    raw = yaml.safe_load(COMPOSE.read_text())["services"]
    for name, service in raw.items():
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in ("SECRET", "PASSWORD", "ACCESS_KEY")) or "postgresql://" in str(value):
                assert "${" in str(value), f"{name}.{key} holds a literal secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_starts_with_the_cairn_service_environment(compose, tmp_path, backend):
    """The cairn service's environment, with its hosts moved to loopback, configures a production
    server that starts (its secret key accepted, its S3 root and Redis URL valid) and is ready."""
    if backend != "postgres":
        pytest.skip("the compose file runs Cairn on PostgreSQL")
    needed = ["CAIRN_TEST_PG_URL", "CAIRN_TEST_REDIS_URL", "CAIRN_TEST_S3_ENDPOINT", "CAIRN_TEST_S3_BUCKET"]
    if any(not os.environ.get(n) for n in needed):
        pytest.skip("needs the test services (scripts/test-services.sh)")
    env = {k: str(v) for k, v in compose["services"]["cairn"]["environment"].items()}
    # Every CAIRN_ variable must be one of the server's settings.
    binary = os.environ.get("CAIRN_BIN", str(ROOT / "build" / "cairn"))
    helped = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, check=True).stdout
    for name in env:
        if name.startswith("CAIRN_"):
            assert name in helped, f"{name} is not a setting of `cairn serve`"
    port = free_port()
    env.update({
        "CAIRN_DATABASE_URL": os.environ["CAIRN_TEST_PG_URL"],
        "CAIRN_REDIS_URL": os.environ["CAIRN_TEST_REDIS_URL"],
        "AWS_ENDPOINT_URL": os.environ["CAIRN_TEST_S3_ENDPOINT"],
        "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
        "CAIRN_ARTIFACT_ROOT": env["CAIRN_ARTIFACT_ROOT"].replace("cairn-artifacts", os.environ["CAIRN_TEST_S3_BUCKET"])
        + f"compose-{port}/",
        "CAIRN_HOST": "127.0.0.1",  # the image listens on 0.0.0.0; loopback only here
        "CAIRN_PORT": str(port),
        "CAIRN_DATA_DIR": str(tmp_path),
        "PATH": os.environ["PATH"],
    })
    assert env["CAIRN_ENV"] == "production"
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"the server exited: {proc.stdout.read()[-3000:]}"
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer /healthz within 60 s"
            time.sleep(0.2)
        ready = httpx.get(f"{base}/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
