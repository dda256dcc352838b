"""Crash test: the REAL observation import (the control import service reading a CSV file) runs
in a child process and is killed with SIGKILL at several points: after seeded random delays and
as it reports progress. After each kill: each file's rows are all there or none (never a partial
import), a grouped history event exists only with its rows, the database is sound, the history
chain verifies, and the service answers its health check again.

Runs on the suite's database: SQLite, or PostgreSQL when QUADRANT_DATABASE_URL names it.
"""

from __future__ import annotations

import csv
import datetime as dt
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

from quadrant.control.models import Measure, Observation
from quadrant.core.history import verify_chain
from quadrant.core.models import HistoryEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
MEASURES_PER_FILE = 20
MONTHS = 240  # 20 measures × 240 months: 4,800 observations a file
ROWS = MEASURES_PER_FILE * MONTHS
SEED = 20261203
# How each attempt is killed: after a random delay (seconds), or at the Nth progress report.
KILLS = [("delay", 0.0), ("progress", 1), ("delay", None), ("progress", 3), ("delay", None),
         ("progress", 6), ("delay", None), ("never", 0)]  # fmt: skip


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


def _file_for(attempt: int, org, tmp_path: Path) -> tuple[Path, list[int]]:
    """Measures of its own for ATTEMPT and a CSV of observations for them."""
    common = {"org_unit": org.ward_a, "chart_type": "xmr", "frequency": "month"}
    measures = [
        Measure.objects.create(
            code=f"CRASH-{attempt}-{n}", name=f"Crash {attempt}.{n}", direction="increase", **common
        )
        for n in range(MEASURES_PER_FILE)
    ]
    path = tmp_path / f"attempt-{attempt}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["measure", "period", "value"])
        for measure in measures:
            for month in range(MONTHS):
                period = dt.date(2000 + month // 12, month % 12 + 1, 1)
                writer.writerow([measure.code, period.isoformat(), month % 17 + 0.5])
    return path, [measure.pk for measure in measures]


def _child(path: Path) -> subprocess.Popen:
    env = {**os.environ, "QUADRANT_ENV": "test", "QUADRANT_DATABASE_URL": _database_url()}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.crash_writer", str(path), "analyst"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _run_and_kill(process: subprocess.Popen, how: str, when: float | int) -> str:
    """Start the import, kill it as HOW/WHEN says, and return what it printed."""
    assert process.stdin is not None and process.stdout is not None
    assert process.stdout.readline().strip() == "READY", "the import did not start"
    process.stdin.write("GO\n")
    process.stdin.flush()
    printed = []
    if how == "delay":
        time.sleep(float(when))
    elif how == "progress":
        reports = 0
        while reports < int(when):
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line)
            reports += line.startswith("PROGRESS")
            if line.startswith("DONE"):
                break
    else:  # never: let it finish, to show a whole import is kept whole
        process.wait(timeout=300)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    printed.append(process.stdout.read())
    process.stdout.close()
    process.stdin.close()
    return "".join(printed)


def _database_is_sound() -> None:
    connection.close()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]
        else:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_killed_imports_leave_no_partial_rows(org, people, tmp_path):
    rng = random.Random(SEED)
    outcomes = []
    for attempt, (how, when) in enumerate(KILLS):
        path, measure_ids = _file_for(attempt, org, tmp_path)
        delay = rng.uniform(0.2, 2.5) if when is None else when
        printed = _run_and_kill(_child(path), how, delay)
        _database_is_sound()
        stored = Observation.objects.filter(measure_id__in=measure_ids).count()
        assert stored in (0, ROWS), f"attempt {attempt} ({how}): {stored} of {ROWS} rows kept"
        if "DONE ok=True" in printed:
            assert stored == ROWS, f"attempt {attempt}: reported done but {stored} rows kept"
        events = HistoryEvent.objects.filter(action="bulk").count()
        outcomes.append(stored == ROWS)
        assert events == sum(outcomes), f"attempt {attempt}: a history event without its rows"
        assert verify_chain()[1] is None, f"attempt {attempt}: history chain broken"
    assert outcomes[-1], "the import that was not killed must be kept whole"
    assert not all(outcomes), "no kill landed inside an import: the test proves nothing"
    assert Client().get("/healthz").status_code == 200
