"""The real server's per-key rate limit: RateLimitError with retry_after, and retries that wait it out."""

from __future__ import annotations

import time

import pytest

from cairn import Cairn, RateLimitError
from live_server import start_live_server

LIMIT = 30  # requests per minute per key, and the burst: one new request every 2 s once spent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_live_server(tmp_path_factory, api_key_rate_limit=LIMIT)
    yield s
    s.stop()


def exhaust(client: Cairn) -> RateLimitError:
    for _ in range(LIMIT + 5):
        try:
            client.orgs.list()
        except RateLimitError as exc:
            return exc
    pytest.fail(f"no 429 after {LIMIT + 5} requests with a limit of {LIMIT}/min")


def test_429_is_a_rate_limit_error_with_retry_after(server):
    account = server.account()
    with Cairn(url=server.url, api_key=account.api_key, max_retries=0) as client:
        err = exhaust(client)
    assert err.status_code == 429 and err.code == "rate_limited" and err.request_id
    assert err.retry_after is not None and 0 < err.retry_after <= 60


def test_retries_wait_out_the_limit(server):
    account = server.account()
    with Cairn(url=server.url, api_key=account.api_key, max_retries=0) as client:
        exhaust(client)
    with Cairn(url=server.url, api_key=account.api_key, max_retries=3) as patient:
        started = time.monotonic()
        assert patient.orgs.list()[0].slug == account.org
    # It had to wait for a token (Retry-After), not fail.
    assert time.monotonic() - started >= 0.5
