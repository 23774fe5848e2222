"""The HTTP layer under every resource: base URL, bearer key, timeouts, retries, error mapping."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Union

import httpx

from . import __version__
from .errors import APIConnectionError, APITimeoutError, error_from_response
from .retries import IDEMPOTENT_METHODS, RETRYABLE_STATUSES, RetryPolicy

# Multipart parts as httpx takes them; a callable builds them anew for each attempt, because an
# upload's file objects are consumed by the attempt that sent them.
FilesArg = Any
# A raw body: bytes or text, or a callable answering an iterator of chunks (streamed; called anew
# for each attempt, as for files).
ContentArg = Union[bytes, str, Callable[[], Iterator[bytes]], None]


class Transport:
    """Sends requests to one Cairn server with one credential.

    Not for direct use: :class:`cairn.Cairn` builds one and its resources call it.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        timeout: float | httpx.Timeout,
        retry: RetryPolicy,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        headers = {"User-Agent": f"cairn-python/{__version__}", "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.base_url = base_url.rstrip("/")
        self.retry = retry
        self._sleep = sleep
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout)
        self._headers = headers

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def _build(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        content: ContentArg,
        files: FilesArg,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | None,
    ) -> httpx.Request:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        extensions = {}
        if timeout is not None:
            extensions["timeout"] = httpx.Timeout(timeout).as_dict()
        return self._http.build_request(
            method,
            self.base_url + path,
            params=clean or None,
            json=json,
            content=content() if callable(content) else content,
            files=files() if callable(files) else files,
            data=data,
            headers={**self._headers, **(headers or {})},
            extensions=extensions or None,
        )

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: ContentArg = None,
        files: FilesArg = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """One request with retries; a success answer is returned, an error answer raised as its exception.

        With ``stream=True`` the body is not read: the caller must close the response.
        """
        attempt = 0
        while True:
            request = self._build(
                method,
                path,
                params=params,
                json=json,
                content=content,
                files=files,
                data=data,
                headers=headers,
                timeout=timeout,
            )
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                attempt += 1
                wait = self.retry.delay(attempt, None) if method.upper() in IDEMPOTENT_METHODS else None
                if wait is None:
                    raise APITimeoutError(f"{method} {path}: no answer in time", request=request) from exc
                self._sleep(wait)
                continue
            except httpx.TransportError as exc:
                # Connection refused or reset before an answer: nothing was processed for a refused
                # connection, but a reset may come after; repeat only what is safe to repeat.
                attempt += 1
                safe = isinstance(exc, httpx.ConnectError) or method.upper() in IDEMPOTENT_METHODS
                wait = self.retry.delay(attempt, None) if safe else None
                if wait is None:
                    raise APIConnectionError(f"{method} {path}: {exc}", request=request) from exc
                self._sleep(wait)
                continue
            if response.is_success:
                return response
            if stream:
                response.read()
                response.close()
            if response.status_code in RETRYABLE_STATUSES:
                attempt += 1
                wait = self.retry.delay(attempt, response.headers.get("retry-after"))
                if wait is not None:
                    self._sleep(wait)
                    continue
            raise error_from_response(response)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`send`, decoding the JSON answer (None for an empty one, such as 204)."""
        response = self.send(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    @contextlib.contextmanager
    def stream(self, method: str, path: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A response whose body is read as it arrives (downloads, server-sent events)."""
        response = self.send(method, path, stream=True, **kwargs)
        try:
            yield response
        finally:
            response.close()
