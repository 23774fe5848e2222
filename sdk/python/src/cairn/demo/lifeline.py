"""Ties the seeder to the server it fills: waits for the server to be healthy, and exits when the
process it was started beside ends (`make run` starts it in the background, where Ctrl-C does not
reach it: a shell ignores SIGINT in its background jobs)."""

from __future__ import annotations

import os
import threading
import time

import httpx


def wait_healthy(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def exit_with(pid: int, interval: float = 1.0) -> None:
    """Ends this process (at once, whatever it is doing) when ``pid`` is gone."""

    def watch() -> None:
        while _alive(pid):
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="demo-lifeline", daemon=True).start()
