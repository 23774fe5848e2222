"""When to retry a request and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import parse_retry_after

# 429 (rate limited) and 503 (overloaded, or a deployment not ready) are answered before the request
# did anything, so any method may be sent again.
RETRYABLE_STATUSES = frozenset({429, 503})
# A timeout may strike after the server acted: only methods that are safe to repeat are retried.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, overridden by the server's ``Retry-After``.

    Attributes:
        max_retries: retries after the first attempt (0 turns retrying off).
        initial_delay: the first wait without ``Retry-After``, in seconds; it doubles each retry.
        max_delay: no computed wait is longer than this.
        max_retry_after: a ``Retry-After`` longer than this is not waited out: the error is raised,
            so a caller never sleeps for minutes without knowing it.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("delays must be >= 0")

    def delay(self, attempt: int, retry_after_header: str | None) -> float | None:
        """Seconds to wait before retry number ``attempt`` (1-based), or None to give up."""
        if attempt > self.max_retries:
            return None
        retry_after = parse_retry_after(retry_after_header)
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        backoff = min(self.max_delay, self.initial_delay * 2.0 ** (attempt - 1))
        # Full jitter on a quarter of the wait: clients that failed together do not retry together.
        return backoff * (1 - 0.25 * random.random())
