"""Typed helpers that read settings from environment variables and fail loudly, and the file
storage the environment asks for (default_file_storage).

Deliberately free of Django imports: settings.py calls these before Django is configured.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any


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


# ------------------------------------------------------------------------------ file storage
# Where uploaded files are kept: the local disk (MEDIA_ROOT, which no URL serves) by default,
# or any S3-compatible object store (AWS S3, MinIO, Ceph, an NHS cloud's object store) through
# django-storages when QUADRANT_FILE_STORAGE=s3. Files are only ever read back through the
# application (core.uploads.serving checks the reader first), so objects are private, never
# overwritten, and no signed public address is handed out.

LOCAL_DISK = "django.core.files.storage.FileSystemStorage"
S3_COMPATIBLE = "storages.backends.s3.S3Storage"


def default_file_storage() -> dict[str, Any]:
    """The STORAGES["default"] entry the environment asks for (docs/configuration.md)."""
    kind = env_choice("QUADRANT_FILE_STORAGE", ("local", "s3"), "local")
    if kind == "local":
        return {"BACKEND": LOCAL_DISK}
    return {"BACKEND": S3_COMPATIBLE, "OPTIONS": s3_options()}


def s3_options() -> dict[str, Any]:
    bucket = env_str("QUADRANT_S3_BUCKET")
    if not bucket:
        raise ImproperSetting("QUADRANT_S3_BUCKET", "is required when QUADRANT_FILE_STORAGE=s3")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": env_str("QUADRANT_S3_PREFIX", ""),
        "default_acl": None,  # the bucket's own policy: private
        "file_overwrite": False,  # a second file of the same name gets a name of its own
        "querystring_auth": True,  # should a URL ever be made, it is signed and expires
        "querystring_expire": 300,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    optional = {
        "endpoint_url": env_str("QUADRANT_S3_ENDPOINT_URL"),
        "region_name": env_str("QUADRANT_S3_REGION"),
        # Without these boto3 finds credentials itself (instance role, AWS_* variables).
        "access_key": env_str("QUADRANT_S3_ACCESS_KEY_ID"),
        "secret_key": env_str("QUADRANT_S3_SECRET_ACCESS_KEY"),
    }
    options.update({name: value for name, value in optional.items() if value})
    return options
