"""The contract and the server agree: schemathesis runs over the served /api/openapi.json with every
check (server errors, status codes, response schemas and headers, schema-valid requests accepted,
schema-violating ones rejected, Allow on 405, use after free, ...) and every phase, stateful included,
once with an access token and once with an API key. Any failure fails the test with schemathesis'
report (each failure with a curl line to reproduce it).

The server is this module's own, with limits no fuzzer trips: thousands of requests with one key,
and sign-in attempts with wrong passwords. A workspace (organization, project, experiment, run with
metrics and an artifact, registered model with a version, API key) is built first and its ids are
given to schemathesis (tests/schemathesis.toml, `parameters`) so that generated requests reach real
data instead of answering 404 to random path keys.

CAIRN_CONTRACT_SCHEMA=api/openapi.yaml checks a document being edited against a binary built before
the edit (the served document is the one embedded at build time).

Two modes. By default each pass is deterministic (`--generation-deterministic`, CAIRN_CONTRACT_EXAMPLES
examples an operation, 10 by default): the same requests every run, so a pass cannot succeed once and
fail the next time. CAIRN_CONTRACT_SECONDS=N instead explores at random for N seconds a pass, which
finds what the fixed examples do not; run it before changing the document.
make test runs it in the PostgreSQL release phase (scripts/run-tests.sh); `-m "not contract"` leaves it
out of a run. Live streams are asked to end after a second (`timeout_seconds` in schemathesis.toml),
or each generated request would wait out the request timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from helpers import expect_json, org_path, uid, unique_slug

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXPLORE_SECONDS = int(os.environ.get("CAIRN_CONTRACT_SECONDS", "0"))
DETERMINISTIC_EXAMPLES = int(os.environ.get("CAIRN_CONTRACT_EXAMPLES", "10"))
RUN_TIMEOUT = EXPLORE_SECONDS * 3 + 600
pytestmark = [pytest.mark.contract, pytest.mark.timeout(RUN_TIMEOUT + 30)]
SEED = 20240611

# Operations that destroy the credential the run authenticates with. Run, they would turn every
# later request into a 401 and end the run's usefulness, not reveal a mismatch; their behaviour is
# covered by test_auth.py, test_orgs.py and test_api_keys.py.
DESTROYS_ACCESS_TOKEN = [
    "logout",                # ends the session the access token belongs to
    "changePassword",        # ends every session of the user
    "revokeSession",         # the stateful phase links listSessions to it: the own session
    "deleteOrganization",    # the workspace every other operation reaches
    "removeOrgMember",       # the stateful phase links listOrgMembers to it: the user leaves the workspace
    "updateOrgMember",       # likewise: the user demoted to viewer
]
DESTROYS_API_KEY = [
    "revokeApiKey",          # the stateful phase links listApiKeys to it: the key in use
    "rotateApiKey",          # likewise; the old secret stops working after the grace period
    "removeOrgMember",       # the stateful phase links listOrgMembers to it: the key's owner leaves
    "updateOrgMember",       # likewise: the owner demoted to viewer loses the key's write scopes
    "deleteOrganization",    # the key's organization, and the key with it
]


def schemathesis_binary() -> str:
    return str(Path(sys.executable).with_name("schemathesis"))


def top_conftest(config):
    """The suite's own conftest module, as pytest loaded it. `import conftest` is not it when tests/mlflow
    (with a conftest of its own) ran first in the same process."""
    path = Path(__file__).with_name("conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == path:
            return plugin
    raise RuntimeError(f"{path} is not loaded")


@pytest.fixture(scope="module")
def contract_server(server_factory, backend):
    return server_factory.start(
        backend, name=f"contract-{backend}", api_key_rate_limit=10_000_000, login_max_failures=1_000_000
    )


@pytest.fixture(scope="module")
def workspace(request, contract_server, smtp):
    """A user, an organization and a project with data in it."""
    suite = top_conftest(request.config)
    tracker = suite.RequestTracker()
    cairn = suite.Cairn(contract_server, smtp, tracker, request.node)
    user = cairn.signup()
    org = cairn.make_org(user)
    project = cairn.make_project(user, org)
    # A second project for deleteProject: deleting the workspace's own would leave nothing to reach.
    scratch = cairn.make_project(user, org)
    base = f"{org_path(org)}/projects/{project['id']}"
    client = user.client
    experiment = expect_json(client.post(f"{base}/experiments", json={"name": f"exp-{uid(6)}"}), 201)
    run = expect_json(client.post(f"{base}/experiments/{experiment['id']}/runs", json={"run_name": "r"}), 201)
    logged = client.post(f"{base}/runs/{run['id']}/log-batch", json={
        "metrics": [{"key": "loss", "value": 0.5, "step": 0, "timestamp": 1}],
        "params": [{"key": "lr", "value": "0.1"}],
        "tags": [{"key": "team", "value": "a"}],
    })
    assert logged.status_code == 204, logged.text
    art = client.put(f"{base}/runs/{run['id']}/artifacts/model/model.txt", content=b"weights")
    assert art.status_code in (200, 201), art.text
    model = expect_json(client.post(f"{base}/models", json={"name": f"model-{uid(6)}"}), 201)
    version = expect_json(client.post(f"{base}/models/{model['name']}/versions",
                                      json={"run_id": run["id"], "artifact_path": "model"}), 201)
    tracker.close()
    assert not tracker.violations, tracker.violations
    return {
        "url": contract_server.url,
        "access_token": user.access_token,
        "env": {
            # Ids, not slugs: a pass may rename the organization or a project (updateOrganization,
            # updateProject), and a later pass must still reach them.
            "CAIRN_CONTRACT_ORG": org["id"],
            "CAIRN_CONTRACT_PROJECT": project["id"],
            "CAIRN_CONTRACT_SCRATCH_PROJECT": scratch["id"],
            "CAIRN_CONTRACT_EXPERIMENT_ID": experiment["id"],
            "CAIRN_CONTRACT_RUN_ID": run["id"],
            "CAIRN_CONTRACT_MODEL": model["name"],
            "CAIRN_CONTRACT_VERSION": str(version["version"]),
        },
    }


def schema_location(workspace) -> str:
    # schemathesis runs in tmp_path: a document path given relative to where pytest started is resolved here.
    edited = os.environ.get("CAIRN_CONTRACT_SCHEMA")
    return str(Path(edited).resolve()) if edited else f"{workspace['url']}/api/openapi.json"


def generation_args() -> list[str]:
    """make test's run is deterministic (the same requests every time, so it cannot pass on one run and
    fail on the next); CAIRN_CONTRACT_SECONDS instead explores at random for that long."""
    if EXPLORE_SECONDS:
        return ["--max-time", str(EXPLORE_SECONDS), "--seed", str(SEED)]
    return ["--generation-deterministic", "--max-examples", str(DETERMINISTIC_EXAMPLES)]


def run_schemathesis(workspace, tmp_path: Path, token: str, excluded: list[str], *, base_url: str | None = None,
                     select: tuple[str, ...] = ()) -> None:
    cmd = [
        schemathesis_binary(), "--config-file", str(CONFIG), "--no-color",
        "run", schema_location(workspace),
        "--url", base_url or workspace["url"],
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        *generation_args(),
        "--workers", "1",  # hypothesis describes strategies unsafely across threads
        "--header", f"Authorization: Bearer {token}",
        "--report", "junit", "--report-dir", str(tmp_path),
        *[arg for op in excluded for arg in ("--exclude-operation-id", op)],
        *select,
    ]
    env = {**os.environ, **workspace["env"], "NO_COLOR": "1"}
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)
    if proc.returncode != 0:
        # The whole output stays beside the JUnit report: a long generated URL can push a failure out of the tail.
        full = tmp_path / "schemathesis-output.txt"
        full.write_text(proc.stdout + "\n" + proc.stderr)
        report = proc.stdout[-60_000:]
        pytest.fail(f"schemathesis found mismatches (exit {proc.returncode}; whole output in {full}):\n{report}\n"
                    f"{proc.stderr[-4000:]}", pytrace=False)


def test_contract_holds_with_an_access_token(workspace, tmp_path):
    # MLflow routes take their project from an API key or from a /p/<org>/<project> prefix; signed in
    # without either they have no project (the next test gives them one).
    run_schemathesis(workspace, tmp_path, workspace["access_token"], DESTROYS_ACCESS_TOKEN,
                     select=("--exclude-path-regex", "^/api/2\\.0/"))


def test_mlflow_contract_holds_with_an_access_token_and_the_project_in_the_url(workspace, tmp_path):
    env = workspace["env"]
    run_schemathesis(workspace, tmp_path, workspace["access_token"], [],
                     base_url=f"{workspace['url']}/p/{env['CAIRN_CONTRACT_ORG']}/{env['CAIRN_CONTRACT_PROJECT']}",
                     select=("--include-path-regex", "^/api/2\\.0/"))


def test_contract_holds_with_an_api_key(workspace, tmp_path):
    # A key of its own: the access-token pass before it may revoke or rotate the keys it lists
    # (the stateful phase links listApiKeys to revokeApiKey and rotateApiKey).
    org, project = workspace["env"]["CAIRN_CONTRACT_ORG"], workspace["env"]["CAIRN_CONTRACT_PROJECT"]
    with httpx.Client(base_url=workspace["url"], headers={"Authorization": f"Bearer {workspace['access_token']}"},
                      timeout=30) as client:
        project_id = expect_json(client.get(f"{org_path(org)}/projects/{project}"))["id"]
        key = expect_json(client.post(f"{org_path(org)}/api-keys", json={
            "name": f"contract-{uid(6)}", "scopes": ["read", "write", "deploy", "predict", "admin"],
            "project_id": project_id}), 201)
    run_schemathesis(workspace, tmp_path, key["secret"], DESTROYS_API_KEY)
