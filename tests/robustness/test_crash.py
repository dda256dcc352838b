"""Crash test: SIGKILL a large import 20 times at random (seeded) moments.

After each kill: no partial rows (all 200,000 or none), the database passes its integrity
check (SQLite) or still answers (PostgreSQL), the audit chain verifies, and the service
answers its health check again.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from quadrant.core.audit import verify_chain
from quadrant.core.models import Job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 200_000
KILLS = 20
SEED = 20261127


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


def _writer() -> subprocess.Popen:
    env = {**os.environ, "QUADRANT_ENV": "test", "QUADRANT_DATABASE_URL": _database_url()}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.crash_writer", str(ROWS)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _database_is_sound() -> None:
    connection.close()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]
        else:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_killed_imports_leave_no_partial_rows(people):
    rng = random.Random(SEED)
    completed = 0
    waiting = _writer()
    for attempt in range(KILLS):
        process, waiting = waiting, (_writer() if attempt + 1 < KILLS else None)
        assert process.stdin is not None and process.stdout is not None
        assert process.stdout.readline().strip() == "READY", f"attempt {attempt}: no start"
        process.stdin.write("GO\n")
        process.stdin.flush()
        time.sleep(rng.uniform(0.0, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        rest = process.stdout.read()
        process.stdout.close()
        process.stdin.close()
        completed += "DONE" in rest
        _database_is_sound()
        stored = Job.objects.filter(kind="crash").count()
        assert stored == ROWS * completed, f"attempt {attempt}: {stored} rows is a partial import"
        assert verify_chain()[1] is None, f"attempt {attempt}: audit chain broken"
    assert Client().get("/healthz").status_code == 200
