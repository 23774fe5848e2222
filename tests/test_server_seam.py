"""The server's asynchronous seam: blocking work runs on bounded worker pools, never on the I/O
threads; a full queue answers 503 with Retry-After; requests that wait (on a timer, a batch)
hold no thread; pushed streams (Server-Sent Events) end their producer when the client leaves;
large bodies are gzipped for clients that accept it.

The slow handlers are the server's own debug routes (`--debug-routes`, refused in production):
/_debug/sleep holds an API worker, /_debug/transfer-sleep a transfer worker, /_debug/delay answers
later from a timer without holding a thread, /_debug/events streams ticks and /_debug/producers
counts the producers still running.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import resource
import time

import httpx
import pytest

WORKERS = 4
TRANSFERS = 2
QUEUE = 16
# "Within milliseconds": generous enough for the sanitizer build on a loaded 2-core machine, far
# below the seconds the slow handlers hold their workers.
FAST = 0.25


@pytest.fixture(scope="module")
def seam_server(server_factory, backend):
    return server_factory.start(
        backend,
        name=f"seam-{backend}",
        extra_args=(
            "--debug-routes",
            "--worker-threads", str(WORKERS),
            "--transfer-threads", str(TRANSFERS),
            "--worker-queue", str(QUEUE),
        ),
    )


def metric(url: str, name: str, labels: str = "") -> float:
    text = httpx.get(url + "/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(name + labels + " ") or (not labels and line.startswith(name + " ")):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name}{labels} not in /metrics")


def timed_get(url: str, path: str, **kwargs) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    resp = httpx.get(url + path, timeout=10, **kwargs)
    return resp, time.monotonic() - started


def occupy(url: str, path: str, count: int, ms: int) -> concurrent.futures.Future:
    """Starts `count` concurrent requests that each hold a worker for `ms`; returns when all are sent."""
    pool = concurrent.futures.ThreadPoolExecutor(count)
    futures = [pool.submit(httpx.get, f"{url}{path}?ms={ms}", timeout=60) for _ in range(count)]
    pool.shutdown(wait=False)
    return futures


def wait_busy(url: str, pool: str, busy: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if metric(url, "cairn_worker_busy", f'{{pool="{pool}"}}') >= busy:
            return
        time.sleep(0.02)
    raise AssertionError(f"the {pool} pool never had {busy} busy workers")


def test_health_and_metrics_answer_while_every_worker_is_busy(seam_server):
    held = occupy(seam_server.url, "/_debug/sleep", WORKERS, 3000)
    wait_busy(seam_server.url, "api", WORKERS)
    for path in ("/healthz", "/metrics"):
        resp, took = timed_get(seam_server.url, path)
        assert resp.status_code == 200
        assert took < FAST, f"{path} took {took:.3f}s while the workers were busy"
    assert all(f.result().status_code == 200 for f in held)


def test_cheap_authenticated_get_answers_while_transfers_fill_their_pool(seam_server, cairn_on):
    user = cairn_on(seam_server).signup()
    held = occupy(seam_server.url, "/_debug/transfer-sleep", TRANSFERS + 4, 3000)
    wait_busy(seam_server.url, "transfer", TRANSFERS)
    assert metric(seam_server.url, "cairn_worker_queue_depth", '{pool="transfer"}') >= 1
    resp, took = timed_get(seam_server.url, "/api/v1/me", headers={"Authorization": f"Bearer {user.access_token}"})
    assert resp.status_code == 200, resp.text
    assert took < FAST, f"an authenticated GET took {took:.3f}s while transfers held their pool"
    assert all(f.result().status_code == 200 for f in held)


def test_a_full_queue_answers_503_with_retry_after_and_counts_it(seam_server):
    rejected_before = metric(seam_server.url, "cairn_worker_rejected_total", '{pool="api"}')
    held = occupy(seam_server.url, "/_debug/sleep", WORKERS + QUEUE + 8, 1500)
    answers = [f.result() for f in held]
    refused = [r for r in answers if r.status_code == 503]
    assert len(refused) >= 8 - 1, [r.status_code for r in answers]  # one may slip in as a worker frees
    assert {r.status_code for r in answers} <= {200, 503}
    for r in refused:
        assert r.headers["retry-after"] == "1"
        assert r.json()["error"]["code"] == "unavailable"
        assert r.json()["error"]["request_id"] == r.headers["x-request-id"]
    assert metric(seam_server.url, "cairn_worker_rejected_total", '{pool="api"}') >= rejected_before + len(refused)
    # Wait time is measured for every task that ran.
    assert metric(seam_server.url, "cairn_worker_queue_wait_seconds_count", '{pool="api"}') >= WORKERS + QUEUE
    assert httpx.get(seam_server.url + "/healthz").status_code == 200


async def _open_idle_connections(port: int, count: int) -> list[asyncio.StreamWriter]:
    """Opens `count` keep-alive connections, each after one answered request, and leaves them idle."""
    writers: list[asyncio.StreamWriter] = []

    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
        await reader.readexactly(length)
        writers.append(writer)

    for start in range(0, count, 500):
        await asyncio.gather(*(one() for _ in range(min(500, count - start))))
    return writers


async def _slow_requests(port: int, count: int, ms: int) -> list[int]:
    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /_debug/delay?ms={ms} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
        writer.close()
        return int(data.split(b" ", 2)[1])

    return await asyncio.gather(*(one() for _ in range(count)))


@pytest.mark.slow
def test_ten_thousand_idle_connections_and_500_slow_requests_do_not_starve_others(seam_server, cairn_on):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    idle_count = min(10_000, hard - 1_000)
    assert idle_count >= 5_000, f"the open-file limit ({hard}) is too low for this test"
    user = cairn_on(seam_server).signup()
    auth = {"Authorization": f"Bearer {user.access_token}"}

    async def scenario():
        writers = await _open_idle_connections(seam_server.port, idle_count)
        slow = asyncio.ensure_future(_slow_requests(seam_server.port, 500, 3000))
        await asyncio.sleep(0.5)  # the 500 are in flight, waiting on their timers
        loop = asyncio.get_running_loop()
        latencies = {}
        for path, headers in (("/healthz", {}), ("/api/v1/me", auth), ("/api/v1/orgs", auth)):
            tries = []
            for _ in range(5):
                resp, took = await loop.run_in_executor(None, lambda: timed_get(seam_server.url, path, headers=headers))
                assert resp.status_code == 200, resp.text
                tries.append(took)
            latencies[path] = sorted(tries)[2]  # the median of five: one scheduling hiccup is not starvation
        open_now = await loop.run_in_executor(None, metric, seam_server.url, "cairn_http_open_connections")
        statuses = await slow
        for w in writers:
            w.close()
        return latencies, open_now, statuses

    latencies, open_now, statuses = asyncio.run(scenario())
    assert open_now >= idle_count + 450  # the 500 waiting ones, give or take a few still being accepted
    for path, took in latencies.items():
        assert took < FAST, f"{path} took {took:.3f}s beside {idle_count} idle connections and 500 waiting requests"
    assert statuses == [200] * 500


def read_events(lines_of_stream, count: int) -> list[str]:
    """The next `count` lines of the stream that are events' data or comments. Takes the stream's
    line iterator, kept by the caller: a dropped httpx iterator closes the connection."""
    lines = []
    for line in lines_of_stream:
        if line.startswith("data: ") or line.startswith(":"):
            lines.append(line)
            if len(lines) == count:
                break
    return lines


def wait_producers_gone(url: str, timeout: float = 5) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = httpx.get(url + "/_debug/producers").json()
        if state["active"] == 0 or time.monotonic() > deadline:
            return state


def test_sse_client_disconnect_stops_its_producer(seam_server):
    before = httpx.get(seam_server.url + "/_debug/producers").json()
    with httpx.Client(timeout=10) as client:
        with client.stream("GET", seam_server.url + "/_debug/events?interval_ms=20") as resp:
            assert resp.status_code == 200
            assert resp.headers["content-type"] == "text/event-stream"
            assert resp.headers["cache-control"] in ("no-cache", "no-store")
            stream_lines = resp.iter_lines()
            events = read_events(stream_lines, 3)
            assert [json.loads(e[len("data: "):])["seq"] for e in events] == [0, 1, 2]
            assert httpx.get(seam_server.url + "/_debug/producers").json()["active"] == before["active"] + 1
            assert metric(seam_server.url, "cairn_http_open_streams") >= 1
    # The client has gone: the server notices without writing, ends the stream and the producer.
    state = wait_producers_gone(seam_server.url)
    assert state["active"] == 0, state
    assert state["stopped"] == before["stopped"] + 1
    assert metric(seam_server.url, "cairn_http_open_streams") == 0


def test_an_idle_stream_notices_its_client_leaving_without_writing(seam_server):
    """No event and no heartbeat is due for a minute: only reading the socket can tell the client
    left, and the producer must still stop at once."""
    before = httpx.get(seam_server.url + "/_debug/producers").json()
    with httpx.Client(timeout=10) as client:
        with client.stream("GET", seam_server.url + "/_debug/events?interval_ms=60000&heartbeat_ms=60000") as resp:
            stream_lines = resp.iter_lines()
            assert read_events(stream_lines, 1)[0].startswith("data: ")
            assert httpx.get(seam_server.url + "/_debug/producers").json()["active"] == before["active"] + 1
    left = time.monotonic()
    state = wait_producers_gone(seam_server.url)
    assert state["active"] == 0, state
    assert time.monotonic() - left < 2


def test_sse_heartbeats_keep_an_idle_stream_alive_and_a_finite_stream_ends(seam_server):
    with httpx.stream("GET", seam_server.url + "/_debug/events?interval_ms=60000&heartbeat_ms=50", timeout=10) as resp:
        lines = read_events(resp.iter_lines(), 3)
    assert lines[0].startswith("data: ")
    assert lines[1:] == [": keep-alive", ": keep-alive"]
    wait_producers_gone(seam_server.url)

    resp = httpx.get(seam_server.url + "/_debug/events?interval_ms=5&count=4", timeout=10)
    assert resp.status_code == 200
    assert [json.loads(l[6:])["seq"] for l in resp.text.splitlines() if l.startswith("data: ")] == [0, 1, 2, 3]
    assert "transfer-encoding" in resp.headers


def test_requests_that_wait_hold_no_worker(seam_server):
    """200 requests waiting 1 s each finish together in about a second, with 4 API workers."""
    started = time.monotonic()
    statuses = asyncio.run(_slow_requests(seam_server.port, 200, 1000))
    took = time.monotonic() - started
    assert statuses == [200] * 200
    assert took < 5, f"200 delayed requests took {took:.1f}s: they queued behind each other"


def test_large_json_is_gzipped_when_the_client_accepts_it(seam_server):
    plain = httpx.get(seam_server.url + "/api/openapi.json", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"

    raw = httpx.Client().send(
        httpx.Request("GET", seam_server.url + "/api/openapi.json", headers={"Accept-Encoding": "gzip, br;q=0"}),
        stream=True,
    )
    body = b"".join(raw.iter_raw())
    assert raw.headers["content-encoding"] == "gzip"
    assert int(raw.headers["content-length"]) == len(body) < len(plain.content) / 3
    assert gzip.decompress(body) == plain.content

    refused = httpx.get(seam_server.url + "/api/openapi.json", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers

    small = httpx.get(seam_server.url + "/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers  # not worth it under 1 KiB


def test_bad_debug_parameters_are_422(seam_server):
    for query in ("ms=-1", "ms=abc", "ms=999999999"):
        resp = httpx.get(f"{seam_server.url}/_debug/sleep?{query}")
        assert resp.status_code == 422, query
        assert resp.json()["error"]["code"] == "validation_failed"
