"""Cairn's Python package: the client SDK (``cairn.Cairn``), the ``cairn`` command-line tool
(``cairn.cli``) and the model-runtime worker (``cairn.runtime``).

The client is imported on first use: the runtime worker imports this package inside model
environments that have numpy and pandas but not the client's dependencies (httpx, click, tqdm).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .client import Cairn
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CairnError,
        ConflictError,
        DeploymentFailedError,
        GatewayTimeoutError,
        InternalServerError,
        NotFoundError,
        PayloadTooLargeError,
        PermissionDeniedError,
        RateLimitError,
        ServiceUnavailableError,
        UnprocessableEntityError,
    )

_ERRORS = {
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CairnError",
    "ConflictError",
    "DeploymentFailedError",
    "GatewayTimeoutError",
    "InternalServerError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
}

__all__ = ["Cairn", "__version__", *sorted(_ERRORS)]


def __getattr__(name: str) -> Any:
    if name == "Cairn":
        from .client import Cairn

        return Cairn
    if name in _ERRORS:
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'cairn' has no attribute {name!r}")
