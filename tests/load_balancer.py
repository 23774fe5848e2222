"""A real load balancer (Debian's HAProxy) in front of Cairn replicas, as production runs them: round
robin, health checks on /healthz, and a connection that fails retried on another replica (a request
already sent is never replayed, so a replica killed mid-request costs that request, not a duplicate)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from helpers import free_port

CONFIG = """global
  maxconn 4096
defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  retries 2
  option redispatch
  retry-on conn-failure
frontend cairn
  bind 127.0.0.1:{port}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  default-server inter 300ms fall 2 rise 2
{servers}
"""


class LoadBalancer:
    """HAProxy on a free port; it quacks like a ServerProcess for the test helpers (url, name, logs)."""

    def __init__(self, replicas: list, workdir: Path):
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(binary).exists():
            pytest.fail("haproxy is not installed (scripts/install-deps.sh test installs it)", pytrace=False)
        self.binary = binary
        self.replicas = replicas
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.name = "haproxy"
        self.database_url = replicas[0].database_url
        self.log_path = workdir / "haproxy.log"
        self.config_path = workdir / "haproxy.cfg"
        servers = "\n".join(f"  server r{i} 127.0.0.1:{r.port} check" for i, r in enumerate(replicas))
        self.config_path.write_text(CONFIG.format(port=self.port, servers=servers))
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 15) -> "LoadBalancer":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([self.binary, "-f", str(self.config_path), "-db"], stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"haproxy exited: {self.log_path.read_text()}"
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        pytest.fail(f"haproxy not ready within {timeout}s: {self.log_path.read_text()}", pytrace=False)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    # What the test helpers ask of a server.
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_since(self, offset: int, max_lines: int = 120) -> str:
        text = self.log_path.read_text(errors="replace")[offset:] if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-max_lines:])
