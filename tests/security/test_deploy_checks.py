"""Production settings pass Django's deployment checks, and refuse to start without a key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "QUADRANT_ENV": "production",
    "QUADRANT_SECRET_KEY": "qV7r-Zt2mW9p_Lx4Nc8Hs1Bd6Kf3Jg0Ye5Ua7Xo2Ri9Tl4Em1Sw8Pz3Ob6Qn0C",
    "QUADRANT_HISTORY_KEY": "Hk3-Wq8nZ1rT6yP0sL5dV9mC2xB7gF4jN8aE1uR6oI3tY0wQ5zK9pM2vS7hD4cL",
    "QUADRANT_ALLOWED_HOSTS": "quadrant.example.nhs.uk",
}


def _manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("QUADRANT_")
    }
    if "QUADRANT_DATABASE_URL" in os.environ:
        environment["QUADRANT_DATABASE_URL"] = os.environ["QUADRANT_DATABASE_URL"]
    environment.update({"QUADRANT_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_deploy_passes_in_production(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_stops_with_a_clear_message(tmp_path):
    settings = {**PRODUCTION, "QUADRANT_SECRET_KEY": ""}
    result = _manage(tmp_path, "check", **settings)
    assert result.returncode != 0
    assert (
        "Quadrant cannot start: environment variable QUADRANT_SECRET_KEY is required when "
        "QUADRANT_ENV=production." in result.stderr
    )
    assert not (tmp_path / "secret_key").exists()


def test_production_with_a_short_secret_key_stops(tmp_path):
    result = _manage(tmp_path, "check", **{**PRODUCTION, "QUADRANT_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "QUADRANT_SECRET_KEY must be at least 50 characters long" in result.stderr


def test_production_without_a_history_key_stops_with_a_clear_message(tmp_path):
    result = _manage(tmp_path, "check", **{**PRODUCTION, "QUADRANT_HISTORY_KEY": ""})
    assert result.returncode != 0
    assert (
        "Quadrant cannot start: environment variable QUADRANT_HISTORY_KEY is required when "
        "QUADRANT_ENV=production." in result.stderr
    )


def test_production_refuses_the_secret_key_as_history_key(tmp_path):
    same = {**PRODUCTION, "QUADRANT_HISTORY_KEY": PRODUCTION["QUADRANT_SECRET_KEY"]}
    result = _manage(tmp_path, "check", **same)
    assert result.returncode != 0
    assert "QUADRANT_HISTORY_KEY must differ from QUADRANT_SECRET_KEY" in result.stderr


def test_history_key_is_read_from_a_file(tmp_path):
    key_file = tmp_path / "history_key"
    key_file.write_text("F" * 64 + "\n", encoding="utf-8")
    settings = {
        **PRODUCTION,
        "QUADRANT_HISTORY_KEY": "",
        "QUADRANT_HISTORY_KEY_FILE": str(key_file),
    }
    result = _manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.HISTORY_KEY)",
        **settings,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "F" * 64
