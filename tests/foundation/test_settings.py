"""Bad settings stop start-up with a message naming the variable; SQLite runs in WAL mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUADRANT_")}
    clean.update({"QUADRANT_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import quadrant.settings"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"QUADRANT_ENV": "production", "QUADRANT_ALLOWED_HOSTS": "qms.example.nhs.uk"},
         "QUADRANT_SECRET_KEY"),
        ({"QUADRANT_DATABASE_URL": "not a database url"}, "QUADRANT_DATABASE_URL"),
        ({"QUADRANT_DATABASE_URL": "mysql://db/quadrant"}, "QUADRANT_DATABASE_URL"),
        ({"QUADRANT_DEBUG": "maybe"}, "QUADRANT_DEBUG"),
        ({"QUADRANT_ENV": "nonsense"}, "QUADRANT_ENV"),
    ],
    ids=["production-without-secret", "malformed-url", "unknown-engine", "debug-maybe",
         "unknown-env"],
)  # fmt: skip
def test_bad_setting_stops_start_up_naming_it(tmp_path, env, named):
    result = _start(tmp_path, **env)
    assert result.returncode != 0
    assert named in result.stderr
    assert "Quadrant cannot start" in result.stderr
    assert "Traceback" not in result.stderr


def test_good_settings_start(tmp_path):
    assert _start(tmp_path, QUADRANT_ENV="test").returncode == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_uses_wal_and_a_busy_timeout(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
