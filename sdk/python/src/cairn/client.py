"""``Cairn``: the client of a Cairn server's native API."""

from __future__ import annotations

import os
from types import TracebackType

import httpx

from .errors import CairnError
from .resources import Alerts, ApiKeys, Deployments, Experiments, Models, Monitors, Orgs, Projects, Runs
from .retries import RetryPolicy
from .transport import Transport

DEFAULT_URL = "http://127.0.0.1:8080"
DEFAULT_TIMEOUT = 60.0


class Cairn:
    """A client of one Cairn server, authenticated with an API key.

    >>> client = Cairn(url="http://127.0.0.1:8080", api_key="cairn_...", project="churn")
    >>> for model in client.models.list():
    ...     print(model.name, model.latest_version)

    Args:
        url: the server (default ``CAIRN_URL``, else ``http://127.0.0.1:8080``).
        api_key: an API key (``cairn_<prefix>_<secret>``) or an access token (default ``CAIRN_API_KEY``).
        org: the organization calls are about (default ``CAIRN_ORG``; else, for a key, its organization).
        project: the default project of project calls (default ``CAIRN_PROJECT``); ``org/project`` names both.
        timeout: seconds for each request (an ``httpx.Timeout`` for finer control).
        max_retries: retries on 429, 503 and connection failures, waiting as ``Retry-After`` says.
        http_client: an ``httpx.Client`` of your own (proxies, certificates); the caller closes it.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        org: str | None = None,
        project: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
    ) -> None:
        url = url or os.environ.get("CAIRN_URL") or DEFAULT_URL
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, got {url!r}")
        api_key = api_key or os.environ.get("CAIRN_API_KEY")
        if not api_key:
            raise CairnError("no API key: pass Cairn(api_key=...) or set CAIRN_API_KEY (or run `cairn login`)")
        self.url = url.rstrip("/")
        self.org = org or os.environ.get("CAIRN_ORG") or None
        self.project = project or os.environ.get("CAIRN_PROJECT") or None
        self._transport = Transport(
            base_url=self.url,
            api_key=api_key,
            timeout=timeout,
            retry=RetryPolicy(max_retries=max_retries),
            http_client=http_client,
        )
        self.orgs = Orgs(self)
        self.projects = Projects(self)
        self.experiments = Experiments(self)
        self.runs = Runs(self)
        self.models = Models(self)
        self.deployments = Deployments(self)
        self.monitors = Monitors(self)
        self.api_keys = ApiKeys(self)
        self.alerts = Alerts(self)

    def default_org(self) -> str:
        """The organization of calls that name none: ``org``, else the only one the key can see."""
        if self.org:
            return self.org
        orgs = self.orgs.list()
        if len(orgs) != 1:
            names = ", ".join(o.slug for o in orgs) or "none"
            raise CairnError(f"pass org=... (or set CAIRN_ORG): the caller is in {len(orgs)} organizations ({names})")
        self.org = orgs[0].slug
        return self.org

    def close(self) -> None:
        """Closes the connections (unless the ``http_client`` was the caller's)."""
        self._transport.close()

    def __enter__(self) -> Cairn:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        # Never the key.
        return f"Cairn(url={self.url!r}, org={self.org!r}, project={self.project!r})"
