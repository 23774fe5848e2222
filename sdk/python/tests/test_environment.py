"""Virtual environments per model requirements (MLflow's --env-manager virtualenv), built with uv
into a cache shared by concurrent builders."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from cairn.runtime.environment import model_requirements

from worker_helpers import WorkerProcess, tensor_table

ENVIRONMENT = [sys.executable, "-m", "cairn.runtime.environment"]


def _model(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    model = tmp_path / name
    model.mkdir()
    for file, text in files.items():
        (model / file).write_text(textwrap.dedent(text))
    return model


def test_requirements_come_from_requirements_txt_then_python_env_then_conda(tmp_path):
    both = _model(tmp_path, "both", {
        "requirements.txt": "# written by mlflow\nmlflow==3.17.2\n-r extra.txt\n\nscikit-learn==1.9.1  # pinned\n",
        "extra.txt": "numpy<3\n",
        "python_env.yaml": "python: 3.11.7\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n",
        "conda.yaml": "dependencies:\n- pip:\n  - ignored==1\n",
    })
    assert model_requirements(both) == (["mlflow==3.17.2", "numpy<3", "scikit-learn==1.9.1"], "3.11.7")
    python_env = _model(tmp_path, "python_env", {"python_env.yaml": "python: 3.10.4\ndependencies:\n- -r reqs.txt\n- pandas\n", "reqs.txt": "cloudpickle\n"})
    assert model_requirements(python_env) == (["cloudpickle", "pandas"], "3.10.4")
    conda = _model(tmp_path, "conda", {"conda.yaml": "dependencies:\n- python=3.11\n- pip<=24\n- pip:\n  - mlflow\n  - lightgbm==4.5.0\n"})
    assert model_requirements(conda) == (["mlflow", "lightgbm==4.5.0"], None)
    assert model_requirements(_model(tmp_path, "none", {})) == ([], None)


def _start(model: Path, cache: Path) -> subprocess.Popen:
    return subprocess.Popen(
        ENVIRONMENT + ["--model-dir", str(model), "--cache-dir", str(cache)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_concurrent_builders_make_one_environment_then_it_is_cached(tmp_path):
    model = _model(tmp_path, "m", {"requirements.txt": "numpy\n"})
    cache = tmp_path / "cache"
    builders = [_start(model, cache) for _ in range(2)]
    outputs = [b.communicate(timeout=120) for b in builders]
    assert [b.returncode for b in builders] == [0, 0], outputs
    paths = {out.strip() for out, _ in outputs}
    assert len(paths) == 1
    python = Path(paths.pop())
    logs = "".join(err for _, err in outputs)
    assert logs.count("building environment") == 1 and "was built by another process" in logs
    assert len(list(cache.glob("env-*/.cairn-ready"))) == 1
    # The environment is its own (not this venv) and holds cairn and its dependencies.
    probe = subprocess.run(
        [str(python), "-c", "import sys, cairn.runtime.protocol, numpy, pandas; print(sys.prefix)"],
        capture_output=True, text=True, check=True,
    )
    assert Path(probe.stdout.strip()) == python.parent.parent and str(cache) in probe.stdout
    again = subprocess.run(ENVIRONMENT + ["--model-dir", str(model), "--cache-dir", str(cache)], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and Path(again.stdout.strip()) == python and "is cached" in again.stderr
    # Other requirements, another environment.
    (model / "requirements.txt").write_text("numpy\npandas\n")
    other = subprocess.run(ENVIRONMENT + ["--model-dir", str(model), "--cache-dir", str(cache)], capture_output=True, text=True, timeout=120)
    assert other.returncode == 0 and Path(other.stdout.strip()) != python


def test_failed_install_exits_non_zero_with_the_installer_error(tmp_path):
    model = _model(tmp_path, "bad", {"requirements.txt": "./wheels/cairn_missing-1.0-py3-none-any.whl\n"})
    cache = tmp_path / "cache"
    proc = subprocess.run(ENVIRONMENT + ["--model-dir", str(model), "--cache-dir", str(cache)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "building the environment failed" in proc.stderr
    assert "cairn_missing-1.0-py3-none-any.whl" in proc.stderr.splitlines()[-1]  # the installer's words
    assert not list(cache.glob("env-*/"))  # nothing half-built is left to be taken for ready


def test_worker_runs_an_onnx_model_in_its_built_environment(tmp_path, onnx_linear):
    """The conda.yaml's pip dependencies are installed, and the worker runs from the environment."""
    import onnxruntime

    path, w, b = onnx_linear
    (path / "conda.yaml").write_text(f"dependencies:\n- python=3.11\n- pip:\n  - onnxruntime=={onnxruntime.__version__}\n")
    # Based on the interpreter behind this venv (--python): nothing of the project's venv leaks in.
    base = os.path.realpath(sys.executable)
    command = ["--model-dir", str(path), "--cache-dir", str(tmp_path / "cache"), "--python", base]
    built = subprocess.run(ENVIRONMENT + command, capture_output=True, text=True, timeout=180)
    assert built.returncode == 0, built.stderr
    assert Path(built.stdout.strip()).parent.parent.parent == tmp_path / "cache"
    worker = WorkerProcess(path, tmp_path / "worker.log", python=built.stdout.strip())
    assert worker.hello.info["flavor"] == "onnx", worker.log()
    x = np.array([[1.0, 2.0, 3.0]])
    result = worker.predict(tensor_table(x))
    np.testing.assert_allclose(result.table.columns[0].values, x.astype(np.float32) @ w + b, rtol=1e-6)
    assert worker.close() == 0
