"""Where ``cairn login`` keeps the server URL and API key: a JSON file readable by its owner only."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import click

CONFIG_FILE = "config.json"


def config_dir() -> Path:
    """``$CAIRN_CONFIG_DIR``, else the user's config directory (``~/.config/cairn`` on Linux)."""
    return Path(os.environ.get("CAIRN_CONFIG_DIR") or click.get_app_dir("cairn"))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


@dataclass
class StoredLogin:
    url: str
    api_key: str
    org: str | None = None
    project: str | None = None


def load() -> StoredLogin | None:
    """The stored login, or None when there is none (or the file is not ours to trust)."""
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or not data.get("url") or not data.get("api_key"):
        raise click.ClickException(f"{path} is not a cairn login (run `cairn login` again)")
    return StoredLogin(url=data["url"], api_key=data["api_key"], org=data.get("org"), project=data.get("project"))


def save(login: StoredLogin) -> Path:
    """Writes the login with permissions 0600 in a directory of 0700: the key is a password."""
    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / CONFIG_FILE
    tmp = directory / f".{CONFIG_FILE}.{os.getpid()}.tmp"
    # Created 0600 from the start (no moment where another user could read it), then renamed over.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(login), out, indent=2)
            out.write("\n")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return path


def remove() -> bool:
    """Forgets the stored login; True if there was one."""
    try:
        config_path().unlink()
        return True
    except FileNotFoundError:
        return False
