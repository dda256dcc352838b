"""What every bench/bench_*.py shares: where its database lives, the Django set-up, the
"figure: value (target …) PASS/FAIL" line that bench/run.py collects, and percentiles."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def start_django(sqlite_name: str, *, fresh: bool = False, other_database: bool = True) -> Path:
    """Set Django up on var/bench/SQLITE_NAME and return that file's path.

    FRESH deletes the file (and its WAL) first. With OTHER_DATABASE, a QUADRANT_DATABASE_URL
    already in the environment wins (to measure on PostgreSQL); without it, SQLite is used."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / sqlite_name
    if not (other_database and "QUADRANT_DATABASE_URL" in os.environ):
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["QUADRANT_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("QUADRANT_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quadrant.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return database


def figure(name: str, value: str, target: str, passed: bool) -> None:
    print(f"{name}: {value} (target {target}) {'PASS' if passed else 'FAIL'}", flush=True)


def percentile(samples: list[float], p: int) -> float:
    """The P-th percentile (1–99) of SAMPLES, interpolated between the measured values."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def ensure_pg_database(url: str) -> str | None:
    """Create the database when the server is there but the database is not; returns why
    PostgreSQL cannot be used, or None."""
    import psycopg
    from psycopg import sql

    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname", "")
    try:
        psycopg.connect(url, connect_timeout=5).close()
        return None
    except psycopg.OperationalError as error:
        if f'database "{name}" does not exist' not in str(error):
            return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    try:
        with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        return f"cannot create the database {name}: {error}"
    print(f"Created the database {name}", flush=True)
    return None
