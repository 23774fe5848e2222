#!/usr/bin/env python3
"""Upload and download throughput of one large model file through the registry, with the server's
peak memory while it moves: streaming means memory stays flat whatever the file's size.

For each artifact store (the local folder, and the S3 test server when CAIRN_TEST_S3_ENDPOINT is
set), starts the release binary on SQLite, uploads a file of --size-mib as a new model version
(multipart/form-data, streamed from disk by httpx), downloads it back (streamed to disk), checks
its SHA-256, and prints MiB/s and the server's resident memory before and at its peak. Also
downloads the version as a zip. It never fails on a number.

    scripts/test-services.sh start && eval "$(scripts/test-services.sh env)"
    .venv/bin/python bench/registry_transfer.py [--size-mib 1024]
"""

import argparse
import hashlib
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from bench_support import rss_kib, start_cairn

CHUNK = 1 << 20


def rss_mib(pid: int) -> float:
    return rss_kib(pid) / 1024


class PeakRss:
    """Samples a process's resident memory every 20 ms and keeps the highest value."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def make_file(path: Path, size_mib: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(CHUNK)
    with open(path, "wb") as out:
        for i in range(size_mib):
            piece = block[i % 251:] + block[: i % 251]  # not all blocks equal: no accidental dedup
            out.write(piece)
            digest.update(piece)
    return digest.hexdigest()


def measure(name: str, artifact_args: list[str], source: Path, digest: str, size_mib: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cairn-bench-") as tmp:
        workdir = Path(tmp)
        proc, url = start_cairn(workdir, ["--max-upload-bytes", str(64 << 30), *artifact_args])
        try:
            client = httpx.Client(base_url=url, timeout=600)
            email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
            tokens = client.post("/api/v1/auth/signup", json={"email": email, "password": "bench-password-1",
                                                              "name": "Bench"}).json()
            client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            org = client.post("/api/v1/orgs", json={"name": "Bench", "slug": f"bench-{uuid.uuid4().hex[:6]}"}).json()
            project = client.post(f"/api/v1/orgs/{org['slug']}/projects", json={"name": "Bench", "slug": "bench"}).json()
            base = f"/api/v1/orgs/{org['slug']}/projects/{project['slug']}/models"
            client.post(base, json={"name": "big"}).raise_for_status()
            idle = rss_mib(proc.pid)

            with PeakRss(proc.pid) as upload_peak, open(source, "rb") as f:
                start = time.perf_counter()
                resp = client.post(f"{base}/big/versions", files=[("file", ("weights.bin", f))])
                upload_s = time.perf_counter() - start
            resp.raise_for_status()
            recorded = client.get(f"{base}/big/versions/1/files").json()["items"][0]["sha256"]

            target = workdir / "downloaded.bin"
            with PeakRss(proc.pid) as download_peak:
                start = time.perf_counter()
                got = hashlib.sha256()
                with client.stream("GET", f"{base}/big/versions/1/files/weights.bin") as r, open(target, "wb") as out:
                    r.raise_for_status()
                    for piece in r.iter_bytes(CHUNK):
                        got.update(piece)
                        out.write(piece)
                download_s = time.perf_counter() - start
            target.unlink()

            with PeakRss(proc.pid) as zip_peak:
                start = time.perf_counter()
                zipped = 0
                with client.stream("GET", f"{base}/big/versions/1/download") as r:
                    r.raise_for_status()
                    for piece in r.iter_bytes(CHUNK):
                        zipped += len(piece)
                zip_s = time.perf_counter() - start

            print(f"{name}: {size_mib} MiB")
            print(f"  upload   {size_mib / upload_s:8.1f} MiB/s  ({upload_s:.1f} s)  peak RSS {upload_peak.peak:.1f} MiB"
                  f" (idle {idle:.1f})  sha256 {'ok' if recorded == digest else 'MISMATCH'}")
            print(f"  download {size_mib / download_s:8.1f} MiB/s  ({download_s:.1f} s)  peak RSS "
                  f"{download_peak.peak:.1f} MiB  sha256 {'ok' if got.hexdigest() == digest else 'MISMATCH'}")
            print(f"  zip      {zipped / CHUNK / zip_s:8.1f} MiB/s  ({zip_s:.1f} s)  peak RSS {zip_peak.peak:.1f} MiB")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    args = parser.parse_args()
    stores = [("local folder", [])]
    if os.environ.get("CAIRN_TEST_S3_ENDPOINT"):
        bucket = os.environ["CAIRN_TEST_S3_BUCKET"]
        stores.append(("S3 (versitygw on loopback)", ["--artifact-root", f"s3://{bucket}/bench-{uuid.uuid4().hex[:8]}",
                                                      "--s3-endpoint-url", os.environ["CAIRN_TEST_S3_ENDPOINT"]]))
    with tempfile.TemporaryDirectory(prefix="cairn-bench-src-") as tmp:
        source = Path(tmp) / "weights.bin"
        digest = make_file(source, args.size_mib)
        for name, artifact_args in stores:
            measure(name, artifact_args, source, digest, args.size_mib)


if __name__ == "__main__":
    main()
