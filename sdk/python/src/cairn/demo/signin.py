"""Signs in as the demo user and makes the API key the rest of the demo uses.

MLflow's client needs an API key (MLFLOW_TRACKING_TOKEN), and the traffic loop outlives a session
token, so the seeder makes a key. Each run revokes the keys the previous runs made (same name) first,
so keys do not pile up — except a key used in the last few minutes: the traffic loop of a seeder
still running (`make run`) holds it. The secret is kept in memory only and never logged."""

from __future__ import annotations

import time

import httpx

from ..client import Cairn
from .config import DEMO_EMAIL, KEY_NAME, KEY_SCOPES, ORG

KEY_LIFETIME_MS = 7 * 24 * 3600 * 1000
# A key used more recently than this may belong to a live traffic loop (it sends every few seconds).
IN_USE_MS = 3 * 60 * 1000


class SignInError(Exception):
    pass


def access_token(url: str, email: str, password: str) -> str:
    """A session token of the demo user (the server answers 401 when the password was changed)."""
    response = httpx.post(f"{url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30)
    if response.status_code != 200:
        raise SignInError(f"cannot sign in as {email}: HTTP {response.status_code} {response.text[:200]}")
    return str(response.json()["access_token"])


def demo_key(url: str, email: str = DEMO_EMAIL, password: str = "") -> str:
    """A fresh API key of the demo user in the demo organization; idle demo-seeder keys are revoked."""
    with Cairn(url=url, api_key=access_token(url, email, password), org=ORG) as session:
        now = int(time.time() * 1000)
        for key in session.api_keys.list():
            in_use = key.last_used_at is not None and now - key.last_used_at < IN_USE_MS
            if key.name == KEY_NAME and key.revoked_at is None and not in_use:
                session.api_keys.revoke(key.id)
        expires = now + KEY_LIFETIME_MS
        created = session.api_keys.create(name=KEY_NAME, scopes=list(KEY_SCOPES), expires_at=expires)
        return created.secret
