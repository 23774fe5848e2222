"""What the benchmarks share: the binary under test, a free port, a process's memory, starting
`cairn serve` on loopback until it answers /healthz, and a wrk load with its figures."""

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("CAIRN_BIN", ROOT / "build" / "cairn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start_cairn(workdir: Path, args: list[str]) -> tuple[subprocess.Popen, str]:
    """`cairn serve` with its data in `workdir` (log in workdir/server.log) and `args`; its URL."""
    port = free_port()
    log = open(workdir / "server.log", "wb")
    proc = subprocess.Popen(
        [str(BINARY), "serve", "--port", str(port), "--data-dir", str(workdir), "--secret-key", "b" * 40,
         "--log-level", "warn", *args],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("server did not start; see " + str(workdir / "server.log"))


def wrk(url: str, headers: dict, *, threads: int, connections: int, seconds: int) -> dict:
    """wrk against `url`: requests/s, p50 and p99 in ms, and how many answers were not 2xx/3xx."""
    header_args = [a for k, v in headers.items() for a in ("-H", f"{k}: {v}")]
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *header_args, url],
        capture_output=True, text=True, check=True,
    ).stdout
    to_ms = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def percentile(p: str) -> float:
        number, unit = re.search(rf"\b{p}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(number) * to_ms[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": percentile("50"),
            "p99": percentile("99"), "non2xx": int(errors.group(1)) if errors else 0}


# wrk POSTing a file of bodies (one JSON document a line) in turn, from a random start per connection.
LUA = """
local bodies = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  i = math.random(#bodies)
end
wrk.method = "POST"
function request()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"""


def wrk_bodies(url: str, headers: dict, bodies: Path, script: Path, connections: int, seconds: float) -> dict:
    """wrk POSTing the bodies of `bodies` in turn: requests/s, p50 and p99 in ms, errors."""
    header_args = [a for k, v in {"Content-Type": "application/json", **headers}.items() for a in ("-H", f"{k}: {v}")]
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "--latency",
           "-s", str(script), *header_args, url, "--", str(bodies)]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    to_ms = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def percentile(p: str) -> float:
        m = re.search(rf"\b{p}%\s+([\d.]+)(us|ms|s)\b", out)
        return float(m.group(1)) * to_ms[m.group(2)] if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50": percentile("50"), "p99": percentile("99"),
            "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)}
