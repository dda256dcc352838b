"""Typed helpers that read settings from environment variables and fail loudly.

Deliberately free of Django imports: settings.py calls these before Django is configured.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


class ImproperSetting(SystemExit):
    """Start-up stops with a message naming the variable at fault."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"Quadrant cannot start: environment variable {name} {problem}.")


def _raw(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperSetting(
                f"{name}_FILE", f"names a file that cannot be read ({exc})"
            ) from exc
    return os.environ.get(name)


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None or value == "":
        if required:
            raise ImproperSetting(name, "is required but not set")
        return default or ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperSetting(name, f"must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperSetting(name, f"must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperSetting(name, f"must be one of {', '.join(choices)}, not {value!r}")
    return value


def secret_key(name: str, *, production: bool, store: Path) -> str:
    """The secret key: required in production; elsewhere generated once and kept in STORE."""
    value = _raw(name)
    if value:
        if production and len(value) < 50:
            raise ImproperSetting(name, "must be at least 50 characters long in production")
        return value
    if production:
        raise ImproperSetting(name, "is required when QUADRANT_ENV=production")
    if store.exists():
        return store.read_text(encoding="utf-8").strip()
    store.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(64)
    store.write_text(generated, encoding="utf-8")
    store.chmod(0o600)
    return generated


def keyed_secret(name: str, *, production: bool, fallback: str, purpose: str) -> str:
    """A second secret key of its own: required in production (at least 50 characters and not
    the same as FALLBACK); in demo and test derived from FALLBACK (the SECRET_KEY), so a fresh
    checkout needs no set-up. Never derived in production: the point is a key kept apart."""
    value = _raw(name)
    if value:
        if production and len(value) < 50:
            raise ImproperSetting(name, "must be at least 50 characters long in production")
        if production and value == fallback:
            raise ImproperSetting(name, "must differ from QUADRANT_SECRET_KEY")
        return value
    if production:
        raise ImproperSetting(name, "is required when QUADRANT_ENV=production")
    return hmac.new(fallback.encode(), purpose.encode(), hashlib.sha256).hexdigest()
