"""What the deployment test modules share: two scikit-learn models saved by mlflow, a project to
deploy them in, and how to call them."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import numpy as np
import pytest

from helpers import expect_json, project_path, wait_until

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

FEATURES = [f"f{i}" for i in range(4)]


@pytest.fixture(scope="module")
def sklearn_models(tmp_path_factory):
    """Two logistic regressions on the same features (so versions answer differently), saved by mlflow."""
    import mlflow.sklearn
    import pandas as pd
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.normal(size=(200, 4)), columns=FEATURES)
    y = (x["f0"] + x["f1"] > 0).astype(int)
    out = []
    for i, c in enumerate([1.0, 0.001]):
        model = LogisticRegression(C=c).fit(x, y if i == 0 else 1 - y)
        path = tmp_path_factory.mktemp(f"model{i}") / "model"
        mlflow.sklearn.save_model(model, path, signature=infer_signature(x, model.predict(x)),
                                  serialization_format="cloudpickle")
        out.append((model, path))
    return out, x


PAUSING_MODEL = """
import os
import time
import mlflow.pyfunc
from mlflow.models import set_model

# Faults a test injects through the deployment's environment variables, so that each revision
# of one registered version behaves as the test needs: never loading, slow, or crashing.
if os.environ.get("FAIL_TO_LOAD"):
    raise SystemExit("FAIL_TO_LOAD is set: this worker refuses to load")
DELAY = float(os.environ.get("DELAY_SECONDS", "0"))


class Pausing(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        seconds = float(model_input["seconds"].iloc[0]) if "seconds" in model_input.columns else 0.0
        if seconds < 0:
            os._exit(3)  # a crash: the worker dies in the middle of a request
        time.sleep(max(DELAY, seconds))
        return [1.0] * len(model_input)


set_model(Pausing())
"""


def save_pausing_model(directory: Path) -> Path:
    """A pyfunc model that sleeps for its input's `seconds` (or DELAY_SECONDS), exits the worker
    on a negative value, and fails to load when FAIL_TO_LOAD is set."""
    import mlflow.pyfunc

    code = directory / "pausing_model.py"
    code.write_text(PAUSING_MODEL)
    mlflow.pyfunc.save_model(directory / "pausing", python_model=str(code))
    return directory / "pausing"


def model_files(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}


class Project:
    def __init__(self, cairn, user, org, project):
        self.cairn, self.user, self.org, self.project = cairn, user, org, project
        self.client = user.client
        self.base = project_path(org, project)

    def register(self, name: str, path: Path) -> dict:
        files = [("file", (p, data)) for p, data in model_files(path).items()]
        url = f"{self.base}/models/{urllib.parse.quote(name)}"
        if self.client.get(url).status_code == 404:
            expect_json(self.client.post(f"{self.base}/models", json={"name": name}), 201)
        return expect_json(self.client.post(f"{url}/versions", files=files), 201)

    def deploy(self, name: str, source: dict, **fields) -> dict:
        body = {"name": name, "environment": "development", "source": source, **fields}
        return expect_json(self.client.post(f"{self.base}/deployments", json=body), 201)

    def deployment(self, name: str) -> dict:
        return expect_json(self.client.get(f"{self.base}/deployments/{name}"))

    def wait_state(self, name: str, state: str, timeout: float = 90) -> dict:
        seen = {}

        def reached():
            seen["d"] = self.deployment(name)
            return seen["d"]["status"]["state"] == state

        try:
            wait_until(reached, timeout=timeout, interval=0.2, what=f"deployment {name} {state}")
        except AssertionError:
            logs = self.client.get(f"{self.base}/deployments/{name}/logs").text
            raise AssertionError(f"{name} is {seen['d']['status']}, not {state}\nlogs: {logs[-3000:]}")
        return seen["d"]

    def invoke(self, name: str, body, client=None, **kw):
        return (client or self.client).post(f"{self.base}/deployments/{name}/invocations", json=body, **kw)


@pytest.fixture
def proj(cairn, signup, make_org, make_project) -> Project:
    user = signup()
    org = make_org(user)
    return Project(cairn, user, org, make_project(user, org))


def triton_inputs(x, rows: int) -> list:
    """The first `rows` rows of `x`, one FP64 tensor per feature, for the stock tritonclient."""
    import tritonclient.http as triton

    inputs = []
    for f in FEATURES:
        tensor = triton.InferInput(f, [rows], "FP64")
        tensor.set_data_from_numpy(x[f].iloc[:rows].to_numpy(dtype=np.float64))
        inputs.append(tensor)
    return inputs


def split(x) -> dict:
    return {"dataframe_split": {"columns": list(x.columns), "data": x.values.tolist()}}


# ----------------------------------------------------------------------------- environments
