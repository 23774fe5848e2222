#!/usr/bin/env python3
"""clang-tidy (the checks in .clang-tidy) over every server source, warnings as errors.

A full run parses every translation unit again (about ten CPU-minutes on this tree), so each clean
result is remembered under a key of everything that decides it: clang-tidy's version, .clang-tidy,
the file's compile flags and its preprocessed text (headers included). Preprocessing costs a tenth
of a check; a file whose key is known is not checked again. No cache tool for clang-tidy is packaged
in Debian or on PyPI (ctcache is a script in its own repository), hence these lines.

    scripts/check-tidy.py [--jobs N]      exit 1 and the warnings when any file has one
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build-tidy"
TIDY = "clang-tidy-16"  # 14 (Debian's default) cannot parse lambdas that capture structured bindings
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cairn-clang-tidy"


def compile_database() -> dict[str, tuple[list[str], str]]:
    """Each server source with its compile command, from a configure without unity batches."""
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(BUILD), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DCAIRN_UNITY_BUILD=OFF"], check=True, stdout=subprocess.DEVNULL)
    entries = json.loads((BUILD / "compile_commands.json").read_text())
    src = str(ROOT / "server" / "src") + os.sep
    # http/server.cpp, the one Asio/Beast translation unit, is left out: clang 16 with libstdc++ 12 does not
    # see Asio's coroutine support (asio::awaitable), so it cannot parse the file.
    skipped = str(ROOT / "server" / "src" / "http" / "server.cpp")
    return {e["file"]: (shlex.split(e["command"]), e["directory"]) for e in entries
            if e["file"].startswith(src) and e["file"] != skipped}


def cache_key(version: str, config: bytes, command: list[str], directory: str) -> str:
    """The hash of what decides the result; the compiler's preprocessed output stands for the sources."""
    args = list(command)
    out = args.index("-o")
    del args[out:out + 2]
    preprocessed = subprocess.run(args[:1] + ["-E", "-P"] + [a for a in args[1:] if a != "-c"],
                                  capture_output=True, check=True, cwd=directory).stdout
    # Where the checkout lives does not decide the result: a clean clone elsewhere (CI) finds what this
    # one left, as ccache does with CCACHE_BASEDIR.
    root = str(ROOT)
    command_text = " ".join(args).replace(root, "<root>").encode()
    preprocessed = preprocessed.replace(root.encode(), b"<root>")
    digest = hashlib.sha256()
    for part in (version.encode(), config, command_text, preprocessed):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def check(path: str, key: str) -> str | None:
    """None when clean (and remembered), else clang-tidy's report."""
    marker = CACHE / key
    if marker.exists():
        return None
    proc = subprocess.run([TIDY, "-p", str(BUILD), "--quiet", "--warnings-as-errors=*", path],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        marker.touch()
        return None
    return proc.stdout + proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    jobs = parser.parse_args().jobs
    CACHE.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([TIDY, "--version"], capture_output=True, text=True, check=True).stdout
    config = (ROOT / ".clang-tidy").read_bytes()
    sources = compile_database()
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        keys = dict(zip(sources, pool.map(lambda p: cache_key(version, config, *sources[p]), sources)))
        fresh = sum(not (CACHE / k).exists() for k in keys.values())
        print(f"clang-tidy: {len(sources)} files, {fresh} to check ({len(sources) - fresh} unchanged since a clean check)")
        for path, report in zip(keys, pool.map(lambda p: check(p, keys[p]), keys)):
            if report is not None:
                failures += 1
                print(f"--- {os.path.relpath(path, ROOT)}\n{report}", end="")
    if failures:
        print(f"clang-tidy: {failures} files have warnings (.clang-tidy's checks; fix them or, where the code is "
              f"right, say why in a NOLINT comment)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
