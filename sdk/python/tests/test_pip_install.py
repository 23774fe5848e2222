"""`pip install ./sdk/python` in a fresh virtual environment gives the SDK and the `cairn` command.

Needs PyPI (setuptools for the build, httpx, click, tqdm, numpy, pandas: pip's HTTP cache stays
empty behind this machine's index, so every run downloads them). About 25 s on an idle 2-core
machine, over 60 s beside the rest of make test: marked slow (`-m 'not slow'` leaves it out), and
make test keeps it, on the other pytest worker while the runtime worker tests run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_pip_install_in_a_fresh_venv_gives_the_sdk_and_the_cli(tmp_path):
    # From a copy: pip builds a local directory in place, which would write into the checkout.
    source = tmp_path / "cairn-python"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("tests", "*.egg-info", "build", "__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python, cli = venv / "bin" / "python", venv / "bin" / "cairn"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and "0.1.0" in version.stdout, version.stderr
    imports = subprocess.run(
        [
            str(python),
            "-c",
            "import cairn, cairn.runtime.worker; from cairn import Cairn, NotFoundError; "
            "print(Cairn(url='http://127.0.0.1:1', api_key='k'))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imports.returncode == 0 and "Cairn(url=" in imports.stdout, imports.stderr
