"""A virtual environment per set of model requirements, MLflow's `--env-manager virtualenv`:

    python -m cairn.runtime.environment --model-dir DIR --cache-dir DIR [--python PATH]

reads the model's requirements (requirements.txt, else python_env.yaml's dependencies, else
conda.yaml's pip dependencies), and prints on stdout the interpreter of a virtual environment that
holds them plus this `cairn` package, building it the first time. Environments are cached under
`--cache-dir` by a hash of the requirements, the interpreter and cairn's own code; a lock file
makes a second builder of the same environment wait and reuse the first one's work (the server
may start several workers of a deployment, or several replicas, at once).

The installer is `uv` (its PyPI package or one on PATH), else `python -m venv` and pip. On failure
the exit code is non-zero and stderr ends with the installer's last lines, which the deployment
shows as its reason (a missing package, a version that does not exist).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import cairn

# Of cairn's dependencies, those the worker imports; model environments get these and no others.
RUNTIME_REQUIREMENTS = frozenset({"numpy", "pandas"})

FORMAT = 1  # bump when the layout of an environment changes, so that old ones are not reused
_TAIL_LINES = 25


class BuildError(Exception):
    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.output = output


def _read_requirements(path: Path, seen: set[Path] | None = None) -> list[str]:
    seen = seen or set()
    if path.resolve() in seen:
        return []
    seen.add(path.resolve())
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            lines += _read_requirements(path.parent / line.split(None, 1)[1], seen)
        else:
            lines.append(line)
    return lines


def _expand(deps, model_dir: Path) -> list[str]:
    lines: list[str] = []
    for dep in deps or []:
        dep = str(dep).strip()
        if dep.startswith(("-r ", "--requirement ")):
            lines += _read_requirements(model_dir / dep.split(None, 1)[1])
        elif dep:
            lines.append(dep)
    return lines


def model_requirements(model_dir: str | Path) -> tuple[list[str], str | None]:
    """The pip requirement lines of a model and the Python version it was saved with (or None)."""
    model_dir = Path(model_dir)
    python = None
    python_env = model_dir / "python_env.yaml"
    if python_env.is_file():
        env = _load_yaml(python_env)
        python = str(env["python"]) if env.get("python") else None
    if (model_dir / "requirements.txt").is_file():
        return _read_requirements(model_dir / "requirements.txt"), python
    if python_env.is_file():
        return _expand(env.get("dependencies"), model_dir), python
    if (model_dir / "conda.yaml").is_file():
        conda = _load_yaml(model_dir / "conda.yaml")
        pip_deps = [d["pip"] for d in conda.get("dependencies") or [] if isinstance(d, dict) and "pip" in d]
        return _expand([line for group in pip_deps for line in group], model_dir), python
    return [], python


def _load_yaml(path: Path) -> dict:
    import yaml  # only for these files; MLflow (the `runtime` extra) brings it

    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _cairn_source() -> Path:
    return Path(cairn.__file__).resolve().parent


def _cairn_requirements() -> list[str]:
    """What the worker needs of cairn's dependencies (numpy, pandas, with the installed package's
    version bounds), resolved together with the model's so that the model's pins win. The client
    SDK's dependencies (httpx, click, ...) stay out of model environments."""
    try:
        reqs = metadata.requires("cairn") or []
    except metadata.PackageNotFoundError:
        reqs = []
    plain = [r for r in reqs if "extra ==" not in r and _requirement_name(r) in RUNTIME_REQUIREMENTS]
    return plain or sorted(RUNTIME_REQUIREMENTS)


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower()


def _runtime_files() -> list[Path]:
    """The part of cairn a model environment gets: the package's __init__ and the runtime."""
    root = _cairn_source()
    return [root / "__init__.py", *sorted((root / "runtime").rglob("*.py"))]


def _interpreter_version(python: str) -> str:
    out = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def environment_key(requirements: list[str], python: str) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps({
        "format": FORMAT,
        "requirements": sorted(requirements),
        "python": [os.path.realpath(python), _interpreter_version(python)],
        "cairn": _cairn_requirements(),
    }).encode())
    # cairn's runtime is copied into the environment: a change of its code makes a new environment.
    for path in _runtime_files():
        digest.update(path.relative_to(_cairn_source()).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def _find_uv() -> str | None:
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"{Path(cmd[0]).name} {cmd[1]} exited with code {proc.returncode}", proc.stdout + proc.stderr)


def _env_python(env_dir: Path) -> Path:
    return env_dir / "bin" / "python"


def build(env_dir: Path, requirements: list[str], python: str, model_dir: Path) -> None:
    requirements_file = env_dir.parent / f"{env_dir.name}.requirements.txt"
    requirements_file.write_text("\n".join(requirements + _cairn_requirements()) + "\n", encoding="utf-8")
    env_python = str(_env_python(env_dir))
    uv = _find_uv()
    if uv:
        _run([uv, "venv", "--quiet", "--python", python, str(env_dir)])
        install = [uv, "pip", "install", "--python", env_python, "-r", str(requirements_file)]
    else:
        _run([python, "-m", "venv", str(env_dir)])
        install = [env_python, "-m", "pip", "install", "-r", str(requirements_file)]
    # From the model's directory: a relative path in its requirements (a bundled wheel) resolves.
    _run(install, cwd=model_dir)
    # cairn's runtime is pure Python: a copy of its files, not a build through a build backend,
    # works offline and from a wheel install as well as from a source tree. The client SDK and CLI
    # are left out: their dependencies are not installed here.
    purelib = subprocess.run(
        [env_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    target = Path(purelib) / "cairn"
    for path in _runtime_files():
        destination = target / path.relative_to(_cairn_source())
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def ensure(model_dir: str | Path, cache_dir: str | Path, python: str | None = None, log=print) -> Path:
    """The interpreter of the model's environment, built if it is not in the cache yet."""
    # Absolute paths: the installer runs from the model's directory.
    model_dir, cache_dir = Path(model_dir).resolve(), Path(cache_dir).resolve()
    python = os.path.abspath(shutil.which(python) or python) if python else sys.executable
    requirements, model_python = model_requirements(model_dir)
    if model_python and _interpreter_version(python).split()[0].rsplit(".", 1)[0] != model_python.rsplit(".", 1)[0]:
        log(f"warning: the model was saved with Python {model_python}; the environment uses {python}")
    key = environment_key(requirements, python)
    env_dir = cache_dir / f"env-{key}"
    ready = env_dir / ".cairn-ready"
    if ready.is_file():
        log(f"environment {env_dir.name} is cached")
        return _env_python(env_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / f"env-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when we die
        if ready.is_file():
            log(f"environment {env_dir.name} was built by another process")
            return _env_python(env_dir)
        if env_dir.exists():  # what a killed or failed builder left
            shutil.rmtree(env_dir)
        log(f"building environment {env_dir.name} with {len(requirements)} requirements")
        try:
            build(env_dir, requirements, python, model_dir)
        except BaseException:
            shutil.rmtree(env_dir, ignore_errors=True)
            raise
        ready.write_text(json.dumps({"requirements": requirements, "python": python, "builder_pid": os.getpid()}) + "\n")
        log(f"environment {env_dir.name} is ready")
    return _env_python(env_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.runtime.environment", description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--python", help="the interpreter to base the environment on (default: this one)")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(f"cairn.environment: {line}", file=sys.stderr, flush=True)

    try:
        print(ensure(args.model_dir, args.cache_dir, args.python, log=log))
    except BuildError as e:
        tail = "\n".join(e.output.strip().splitlines()[-_TAIL_LINES:])
        log(f"building the environment failed: {e}")
        print(tail, file=sys.stderr)
        return 1
    except (OSError, ValueError, subprocess.CalledProcessError) as e:
        log(f"building the environment failed: {type(e).__name__}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
