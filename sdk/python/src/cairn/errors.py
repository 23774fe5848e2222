"""Exceptions raised by the client, one class per kind of failure (openai-python's shape).

Every error answer of the native API has the body
``{"error": {"code", "message", "request_id", "field"?}}``; :func:`error_from_response` turns it into
the exception of its HTTP status, carrying those fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .types import Deployment

__all__ = [
    "CairnError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "PayloadTooLargeError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "GatewayTimeoutError",
    "DeploymentFailedError",
    "error_from_response",
    "parse_retry_after",
]


class CairnError(Exception):
    """Base of every exception this package raises."""


class APIConnectionError(CairnError):
    """The server could not be reached, or the connection broke before an answer."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """No answer within the client's timeout."""


class APIStatusError(CairnError):
    """The server answered with an error status.

    Attributes:
        status_code: the HTTP status.
        code: the server's stable machine-readable code (``not_found``, ``validation_failed``, ...).
        message: the server's human-readable message.
        field: the request field at fault, when one is (e.g. ``name`` or ``settings.production_promotion``).
        request_id: the ``X-Request-Id`` of the answer; quote it when reporting a problem.
        body: the decoded JSON body (or the text when it was not JSON).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None = None,
        field: str | None = None,
        request_id: str | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.code = code
        self.message = message
        self.field = field
        self.request_id = request_id
        self.body = body

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        rid = f" [request {self.request_id}]" if self.request_id else ""
        return f"{self.status_code} {self.code or 'error'}: {self.message}{where}{rid}"


class BadRequestError(APIStatusError):
    """400: malformed JSON, a bad query parameter, or (predict) an input that does not fit the model."""


class AuthenticationError(APIStatusError):
    """401: no key, an unknown, revoked or expired key."""


class PermissionDeniedError(APIStatusError):
    """403: the key's role or scopes do not allow the operation (the message names what is missing)."""


class NotFoundError(APIStatusError):
    """404: no such resource, or one of another organization (never 403, so nothing leaks)."""


class ConflictError(APIStatusError):
    """409: a name or slug is taken, or the resource's state forbids the operation."""


class PayloadTooLargeError(APIStatusError):
    """413: the body is over the server's limit."""


class UnprocessableEntityError(APIStatusError):
    """422: a field has the wrong type, format or value; ``field`` names it."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's wait in seconds (None if it gave none)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server (or, on predict, the model) failed."""


class ServiceUnavailableError(InternalServerError):
    """503: overloaded or not running; ``retry_after`` is set when waiting helps."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class GatewayTimeoutError(InternalServerError):
    """504: a deployment's model did not answer in time."""


class DeploymentFailedError(CairnError):
    """A deployment reached ``failed``, or not the awaited state in time, while being waited on."""

    def __init__(self, message: str, deployment: Deployment | None) -> None:
        super().__init__(message)
        self.deployment = deployment


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime
    import datetime as dt

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def error_from_response(response: httpx.Response) -> APIStatusError:
    """The exception for an error answer, filled from the server's one JSON error shape."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code, message = error.get("code"), str(error.get("message") or "")
        field, request_id = error.get("field"), error.get("request_id")
    else:
        # Not the native shape (a proxy in between, or an MLflow-compatible route): keep what there is.
        code, message, field, request_id = None, (body if isinstance(body, str) else str(body))[:500], None, None
    request_id = request_id or response.headers.get("x-request-id")
    message = message or response.reason_phrase or "error"
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    kwargs: dict[str, Any] = dict(response=response, code=code, field=field, request_id=request_id, body=body)
    if cls in (RateLimitError, ServiceUnavailableError):
        kwargs["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    return cls(message, **kwargs)
